/** Every BullMQ queue of the service; workers in workers/ consume them. */
export const QUEUES = {
  mail: 'mail',
  hrEvents: 'hr-events',
} as const;

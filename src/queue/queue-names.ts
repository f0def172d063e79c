/** Every BullMQ queue of the service; workers in workers/ consume them. */
export const QUEUES = {
  mail: 'mail',
  hrEvents: 'hr-events',
  /** People an HR system's webhook told us about (src/hr-adapters), read from its API. */
  hrInbound: 'hr-inbound',
  /** Workflow starts of a bulk intake's onboardings (src/bulk-intake), off the request. */
  workflowStarts: 'workflow-starts',
} as const;

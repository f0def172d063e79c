// What we want from the service on a small machine. Used only to mark the report ✓/✗;
// no test depends on timing.
export const TARGETS = {
  /** An HR system should hear back quickly even when it sends many hires at once. */
  intakeWebhookP95Ms: 500,
  /** The new hire gets their invite within seconds. */
  intakeInviteSentP95Ms: 5000,
  /** Each click of the employee (submit plus the next page). */
  activationStepP95Ms: 1000,
  /** argon2id is meant to be the expensive part: at least half its raw rate. */
  activationRatio: 0.5,
  /** Ten thousand waiting onboardings must not slow the API down noticeably. */
  scaleP95Ratio: 1.5,
  /** Memory of the Temporal worker per waiting onboarding. */
  scaleWorkerBytesPerOnboarding: 50_000,
  /** CPU of all processes together (service and servers) per accepted hire, invite sent. */
  cpuPerHireMs: 35,
  /** CPU of all processes together per finished employee flow, its mails sent. */
  cpuPerFlowMs: 110,
  /** Every reminder of a burst out within a minute of falling due. */
  remindersBurstSeconds: 60,
  /** The mail pipeline keeps up with at least half of what nodemailer alone manages. */
  remindersRatio: 0.5,
} as const;

export function mark(pass: boolean): string {
  return pass ? '✓' : '✗';
}

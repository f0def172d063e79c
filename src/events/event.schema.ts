import { Schema } from 'mongoose';

export const EVENT_MODEL = 'OnboardingEvent';

/** Every event HR can receive; the OpenAPI document lists them too. */
export const ONBOARDING_EVENT_TYPES = [
  // The invite waits for its moment before the start date (`data.inviteAt`).
  'onboarding.scheduled',
  'onboarding.invited',
  'onboarding.code_redeemed',
  'onboarding.credentials_set',
  'onboarding.activated',
  'onboarding.reminder_sent',
  'onboarding.expired',
  'onboarding.cancelled',
  // The employee asked for a new code (`data.outcome`: `new_code` or `hr_asked`).
  'onboarding.code_requested',
  // An expired onboarding's employee asked for a new code: HR may reissue it.
  'onboarding.reissue_requested',
  // The hire stalled after their last reminder (`data.step`); their manager was mailed if named.
  'onboarding.escalated',
] as const;

export type OnboardingEventType = (typeof ONBOARDING_EVENT_TYPES)[number];

/** The onboarding an event id belongs to (see `OnboardingEvent._id`). */
export function onboardingOfEvent(eventId: string): string {
  return eventId.slice(0, eventId.indexOf('.'));
}

/** What HR is told; also the body delivered to the HR client's callback URL. */
export interface OnboardingEvent {
  /**
   * Deterministic, so a retried activity records and delivers it once; starts with
   * `<onboardingId>.`, so a delivery finds the onboarding's other events from the id alone.
   */
  _id: string;
  type: OnboardingEventType;
  clientId: string;
  onboardingId: string;
  employeeId: string;
  occurredAt: Date;
  data: Record<string, string | number | null>;
  /** Delivery to the HR client's callback URL; none at all for a client without one. */
  delivery: 'pending' | 'delivered' | 'failed' | 'none';
  deliveredAt?: Date;
  deliveryAttempts: number;
  lastDeliveryError?: string;
}

/** The body HR receives (and the fields a publisher provides). */
export type NewOnboardingEvent = Omit<
  OnboardingEvent,
  'delivery' | 'deliveredAt' | 'deliveryAttempts' | 'lastDeliveryError'
>;

export const OnboardingEventSchema = new Schema<OnboardingEvent>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    clientId: { type: String, required: true },
    onboardingId: { type: String, required: true },
    employeeId: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    delivery: { type: String, required: true },
    deliveredAt: Date,
    deliveryAttempts: { type: Number, default: 0 },
    lastDeliveryError: String,
  },
  { collection: 'events', versionKey: false, minimize: false },
);

OnboardingEventSchema.index({ onboardingId: 1, occurredAt: 1 });

import { Schema } from 'mongoose';

export const WEBHOOK_RECEIPT_MODEL = 'WebhookReceipt';

/** A webhook-id seen before, and the onboarding it made: a redelivery returns the same one. */
export interface WebhookReceipt {
  /** `${clientId}:${webhookId}` */
  _id: string;
  onboardingId: string;
  receivedAt: Date;
}

export const WebhookReceiptSchema = new Schema<WebhookReceipt>(
  {
    _id: { type: String, required: true },
    onboardingId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'webhook_receipts', versionKey: false },
);

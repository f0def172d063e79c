import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKey } from '../database/duplicate-key';
import { WEBHOOK_RECEIPT_MODEL, WebhookReceipt } from './webhook-receipt.schema';

@Injectable()
export class WebhookReceiptRepository {
  constructor(@InjectModel(WEBHOOK_RECEIPT_MODEL) private readonly model: Model<WebhookReceipt>) {}

  async find(clientId: string, webhookId: string): Promise<string | undefined> {
    const receipt = await this.model
      .findById(`${clientId}:${webhookId}`)
      .lean<WebhookReceipt>()
      .exec();
    return receipt?.onboardingId;
  }

  async record(clientId: string, webhookId: string, onboardingId: string): Promise<void> {
    try {
      await this.model.create({
        _id: `${clientId}:${webhookId}`,
        onboardingId,
        receivedAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

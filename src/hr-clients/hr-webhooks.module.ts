import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HrAuthGuard } from './hr-auth.guard';
import { HrClientsModule } from './hr-clients.module';
import { WebhookIds } from './webhook-ids';
import { WebhookOnceInterceptor } from './webhook-once.interceptor';
import { WebhookReceiptRepository } from './webhook-receipt.repository';
import { WEBHOOK_RECEIPT_MODEL, WebhookReceiptSchema } from './webhook-receipt.schema';

/** The API's side of HR's signed webhooks: signature check, once per id, receipts. */
@Module({
  imports: [
    HrClientsModule,
    MongooseModule.forFeature([{ name: WEBHOOK_RECEIPT_MODEL, schema: WebhookReceiptSchema }]),
  ],
  providers: [HrAuthGuard, WebhookIds, WebhookOnceInterceptor, WebhookReceiptRepository],
  exports: [
    HrClientsModule,
    HrAuthGuard,
    WebhookIds,
    WebhookOnceInterceptor,
    WebhookReceiptRepository,
  ],
})
export class HrWebhooksModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HrAuthGuard } from './hr-auth.guard';
import { HrClientsService } from './hr-clients.service';
import { WebhookReceiptRepository } from './webhook-receipt.repository';
import { WEBHOOK_RECEIPT_MODEL, WebhookReceiptSchema } from './webhook-receipt.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: WEBHOOK_RECEIPT_MODEL, schema: WebhookReceiptSchema }]),
  ],
  providers: [HrClientsService, HrAuthGuard, WebhookReceiptRepository],
  exports: [HrClientsService, HrAuthGuard, WebhookReceiptRepository],
})
export class HrClientsModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HrAuthGuard } from './hr-auth.guard';
import { HrClientsService } from './hr-clients.service';
import { WebhookIds } from './webhook-ids';
import { WebhookOnceInterceptor } from './webhook-once.interceptor';
import { WebhookReceiptRepository } from './webhook-receipt.repository';
import { WEBHOOK_RECEIPT_MODEL, WebhookReceiptSchema } from './webhook-receipt.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: WEBHOOK_RECEIPT_MODEL, schema: WebhookReceiptSchema }]),
  ],
  providers: [
    HrClientsService,
    HrAuthGuard,
    WebhookIds,
    WebhookOnceInterceptor,
    WebhookReceiptRepository,
  ],
  exports: [
    HrClientsService,
    HrAuthGuard,
    WebhookIds,
    WebhookOnceInterceptor,
    WebhookReceiptRepository,
  ],
})
export class HrClientsModule {}

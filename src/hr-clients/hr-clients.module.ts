import { Module } from '@nestjs/common';
import { HrClientsService } from './hr-clients.service';

/** The configured HR clients: their keys and callback URLs, for every process. */
@Module({ providers: [HrClientsService], exports: [HrClientsService] })
export class HrClientsModule {}

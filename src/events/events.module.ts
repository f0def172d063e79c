import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EVENT_MODEL, OnboardingEventSchema } from './event.schema';
import { EventsService } from './events.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: EVENT_MODEL, schema: OnboardingEventSchema }])],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}

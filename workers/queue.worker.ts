import 'reflect-metadata';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DelayedError, type Job, type Worker } from 'bullmq';
import { inventory } from '../src/app-inventory';
import { loadConfig } from '../src/config/config.module';
import { createLogger, NestPinoLogger } from '../src/logging/logger';
import { type AppConfig } from '../src/config/config.schema';
import { EventDelivery } from '../src/events/event-delivery.service';
import { type EventJob } from '../src/events/hr-events.queue';
import { MailProcessor } from '../src/mail/mail.processor';
import { MAIL_CONCURRENCY, type MailJob } from '../src/mail/mail.queue';
import { startWorker } from '../src/queue/queue.module';
import { QUEUES } from '../src/queue/queue-names';
import { QueueWorkerModule } from '../src/queue-worker.module';
import { runMain } from '../src/run-main';

/** How long an event waits for an earlier one of its onboarding before it looks again. */
const ORDER_WAIT_MS = 1000;
export interface QueueWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits for the running ones (graceful shutdown). */
  close(): Promise<void>;
}

/** The mail and HR-event workers; the processors are thin calls into Nest services. */
export function createQueueWorkers(app: INestApplicationContext, config: AppConfig): QueueWorkers {
  const logger = new Logger('queue-worker');
  const mail = app.get(MailProcessor);
  const delivery = app.get(EventDelivery);

  const mailWorker = startWorker<MailJob>(QUEUES.mail, config, (job) => mail.process(job), {
    logger,
    concurrency: MAIL_CONCURRENCY,
    // The SMTP server's limit: at most this many mails a second, across all workers.
    limiter: { max: config.mail.ratePerSecond, duration: 1000 },
  });
  const eventWorker = startWorker<EventJob>(
    QUEUES.hrEvents,
    config,
    async (job: Job<EventJob>, token?: string) => {
      const outcome = await delivery.deliver(job.data.eventId, job.attemptsMade + 1);
      if (outcome === 'wait') {
        // Not a failed attempt: check again shortly, after the earlier event.
        await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token);
        throw new DelayedError();
      }
      return outcome;
    },
    { logger, concurrency: 5 },
  );

  const workers = [mailWorker, eventWorker];
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

if (require.main === module) {
  runMain('queue-worker', async () => {
    const config = loadConfig();
    const logger = createLogger(config, 'queue-worker');
    const app = await NestFactory.createApplicationContext(QueueWorkerModule, {
      logger: new NestPinoLogger(logger),
    });
    logger.info(inventory(app), 'queue-worker: constructed');
    const workers = createQueueWorkers(app, config);
    logger.info(
      `queue-worker: sending mail via ${config.mail.smtpUrl ? 'SMTP' : `the outbox in ${config.mail.outboxDir}`}, delivering HR events`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await workers.close();
    await app.close();
    logger.info('queue-worker: stopped');
  });
}

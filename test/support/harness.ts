import { type INestApplicationContext } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { Client } from '@temporalio/client';
import { type WorkerDeploymentVersion } from '@temporalio/common';
import { Queue } from 'bullmq';
import { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { createLogger } from '../../src/logging/logger';
import { APP_CONFIG, loadConfig } from '../../src/config/config.module';
import { type AppConfig } from '../../src/config/config.schema';
import { type OnboardingEvent } from '../../src/events/event.schema';
import { type MailJob } from '../../src/mail/mail.queue';
import { Metrics } from '../../src/metrics/metrics';
import { OnboardingAdminRecords } from '../../src/onboardings/onboarding-admin-records.service';
import { OnboardingLifecycle } from '../../src/onboardings/onboarding-lifecycle.service';
import { OnboardingNudges } from '../../src/onboardings/onboarding-nudges.service';
import { OnboardingRepository } from '../../src/onboardings/onboarding.repository';
import { createOnboardingActivities } from '../../src/onboardings/onboarding.activities';
import { queueOptions } from '../../src/queue/queue.module';
import { QUEUES } from '../../src/queue/queue-names';
import { SecretsService } from '../../src/security/secrets.service';
import { QueueWorkerModule } from '../../src/queue-worker.module';
import { WorkerModule } from '../../src/worker.module';
import { createQueueWorkers, type QueueWorkers } from '../../workers/queue.worker';
import { startTemporalWorker } from '../../workers/temporal.worker';
import { signedHeaders } from './hr-client';
import { freePort } from './ports';
import { eventually, uniqueName } from './wait';

/** A Temporal worker the harness started; `version` with Worker Versioning on. */
export interface HarnessWorker {
  version?: WorkerDeploymentVersion;
  stop(): Promise<void>;
}

export interface HttpResult<T = unknown> {
  status: number;
  contentType: string | null;
  body: T;
}

/**
 * The real service in one test process: the API on a free port and a Temporal worker on a
 * task queue of its own, both on the servers that global setup started.
 */
export class Harness {
  readonly mailQueue: Queue<MailJob>;
  private workers: (HarnessWorker & { app: INestApplicationContext })[] = [];
  private queueWorkers?: { workers: QueueWorkers; app: INestApplicationContext };

  private constructor(
    readonly config: AppConfig,
    readonly api: NestExpressApplication,
    readonly url: string,
  ) {
    this.mailQueue = new Queue(QUEUES.mail, queueOptions(config));
  }

  /**
   * `worker: false` leaves the Temporal worker out (a test runs its own); `queueWorkers`
   * starts the mail and HR-event workers; `configure` adjusts the configuration.
   */
  static async start(
    options: {
      worker?: boolean;
      queueWorkers?: boolean;
      configure?: (config: AppConfig) => AppConfig;
    } = {},
  ): Promise<Harness> {
    const base = loadConfig();
    const name = uniqueName('onboarding');
    const port = await freePort();
    // Its own task queue, queue prefix and outbox: test files running at once never meet.
    const isolated: AppConfig = {
      ...base,
      // Links in mails must reach this API.
      http: { ...base.http, port, publicUrl: `http://127.0.0.1:${port}` },
      temporal: { ...base.temporal, taskQueue: name },
      redis: { ...base.redis, prefix: name },
      mail: { ...base.mail, outboxDir: `var/test/outbox/${name}` },
    };
    const config = options.configure ? options.configure(isolated) : isolated;
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    const api = moduleRef.createNestApplication<NestExpressApplication>({
      rawBody: true,
      logger: ['error'],
    });
    configureApp(api, config, createLogger(config, 'api'));
    await api.listen(config.http.port, '127.0.0.1');
    const harness = new Harness(config, api, await api.getUrl());
    if (options.worker !== false) await harness.startWorker();
    if (options.queueWorkers) await harness.startQueueWorkers();
    return harness;
  }

  async startQueueWorkers(): Promise<void> {
    const moduleRef = await Test.createTestingModule({ imports: [QueueWorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(this.config)
      .compile();
    const app = await moduleRef.init();
    this.queueWorkers = { app, workers: createQueueWorkers(app, this.config) };
  }

  async stopQueueWorkers(): Promise<void> {
    await this.queueWorkers?.workers.close();
    await this.queueWorkers?.app.close();
    this.queueWorkers = undefined;
  }

  get<T>(token: new (...args: never[]) => T): T {
    return this.api.get(token);
  }

  /**
   * Starts a Temporal worker on the harness's task queue; another call starts one more beside
   * it (`workflowsPath`: other workflow code, `configure`: e.g. another worker version).
   */
  async startWorker(
    options: { workflowsPath?: string; configure?: (config: AppConfig) => AppConfig } = {},
  ): Promise<HarnessWorker> {
    const config = options.configure ? options.configure(this.config) : this.config;
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    const app = await moduleRef.init();
    const activities = createOnboardingActivities(
      app.get(OnboardingLifecycle),
      app.get(OnboardingNudges),
      app.get(OnboardingAdminRecords),
    );
    const started = await startTemporalWorker({
      config,
      activities,
      workflowsPath: options.workflowsPath,
    }).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    const handle = {
      app,
      version: started.version,
      stop: async () => {
        if (!this.workers.includes(handle)) return;
        this.workers = this.workers.filter((w) => w !== handle);
        started.worker.shutdown();
        await started.running;
        await started.connection.close();
        await app.close();
      },
    };
    this.workers.push(handle);
    return handle;
  }

  /** What the in-process Temporal worker's /metrics would serve. */
  workerMetrics(): Promise<string> {
    const app = this.workers[0]?.app;
    if (!app) throw new Error('no worker running');
    return app.get(Metrics).registry.metrics();
  }

  /** The Nest contexts of the in-process Temporal worker and queue workers. */
  get workerContexts(): { temporal?: INestApplicationContext; queue?: INestApplicationContext } {
    return { temporal: this.workers[0]?.app, queue: this.queueWorkers?.app };
  }

  /** Stops every Temporal worker the harness started. */
  async stopWorker(): Promise<void> {
    for (const worker of [...this.workers].reverse()) await worker.stop();
  }

  async close(): Promise<void> {
    await this.stopQueueWorkers();
    await this.stopWorker();
    await this.mailQueue.close();
    await this.api.close();
  }

  /** A request signed like an HR system would (with the reference Standard Webhooks library). */
  async hr<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: { webhookId?: string; secret?: string; at?: Date } = {},
  ): Promise<HttpResult<T>> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const secret = options.secret ?? process.env.HR_WEBHOOK_SECRET ?? '';
    return this.request<T>(
      method,
      path,
      payload || undefined,
      signedHeaders(secret, payload, options),
    );
  }

  async request<T>(
    method: string,
    path: string,
    payload?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      body: payload,
      headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  /** The onboarding's recorded events, in the order they happened. */
  eventsFor(onboardingId: string): Promise<OnboardingEvent[]> {
    return this.api
      .get<Connection>(getConnectionToken())
      .collection<OnboardingEvent>('events')
      .find({ onboardingId })
      .sort({ occurredAt: 1, _id: 1 })
      .toArray();
  }

  /** Waits for the run the onboarding's record names to end; a failed run throws. */
  async runEnded(onboardingId: string, timeoutMs = 20_000): Promise<void> {
    const record = await this.get(OnboardingRepository).get(onboardingId);
    if (!record?.workflowRunId) throw new Error(`onboarding ${onboardingId} has no run recorded`);
    const client = this.get(Client);
    const run = client.workflow.getHandle(record.workflowId, record.workflowRunId);
    await client.withDeadline(Date.now() + timeoutMs, () => run.result());
  }

  /**
   * Waits until the onboarding has an event of `type`, then returns all of its events. An event
   * is the last thing a step writes: after it, the step's status and mails are in place too.
   */
  untilEvent(onboardingId: string, type: string, timeoutMs?: number): Promise<OnboardingEvent[]> {
    return eventually(
      `the ${type} event of ${onboardingId}`,
      async () => {
        const events = await this.eventsFor(onboardingId);
        return events.some((e) => e.type === type) ? events : undefined;
      },
      timeoutMs,
    );
  }

  /** The mail jobs queued for one onboarding, oldest first; `at`: when each was queued. */
  async mailsFor(onboardingId: string): Promise<{ id: string; data: MailJob; at: number }[]> {
    const jobs = await this.mailQueue.getJobs([
      'waiting',
      'prioritized',
      'active',
      'completed',
      'failed',
      'delayed',
    ]);
    return jobs
      .filter((job) => job.data.onboardingId === onboardingId)
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((job) => ({ id: job.id ?? '', data: job.data, at: job.timestamp }));
  }

  /** The login code inside the newest invite mail, as the employee would read it. */
  async latestCode(onboardingId: string): Promise<string> {
    const invites = (await this.mailsFor(onboardingId)).filter((m) => m.data.template === 'invite');
    const sealed = invites.at(-1)?.data.codeSealed;
    if (!sealed) throw new Error(`no invite mail for ${onboardingId}`);
    return this.get(SecretsService).openCode(onboardingId, sealed);
  }
}

export function newHire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    employeeId: `E-${randomUUID().slice(0, 8)}`,
    email: 'anouk.jansen@example.nl',
    firstName: 'Anouk',
    lastName: 'Jansen',
    ...overrides,
  };
}

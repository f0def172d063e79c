import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogLevel,
  type WorkerOptions,
} from '@temporalio/worker';
import { loadConfig } from '../src/config/config.module';
import { createLogger, NestPinoLogger } from '../src/logging/logger';
import { type AppConfig } from '../src/config/config.schema';
import { OnboardingLifecycle } from '../src/onboardings/onboarding-lifecycle.service';
import { createOnboardingActivities } from '../src/onboardings/onboarding.activities';
import { runMain } from '../src/run-main';
import { dataConverter } from '../src/temporal/data-converter';
import { WorkerModule } from '../src/worker.module';

export interface TemporalWorkerOptions {
  config: AppConfig;
  activities: WorkerOptions['activities'];
  /** Defaults to the project's workflows; tests may point at their own. */
  workflowsPath?: string;
  taskQueue?: string;
}

/** Connects to Temporal and registers the workflows and activities; the caller runs it. */
export async function createTemporalWorker(
  options: TemporalWorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const { config } = options;
  installRuntime(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    workflowsPath: options.workflowsPath ?? require.resolve('../workflows'),
    activities: options.activities,
    dataConverter: dataConverter(config),
    // Running activities get this long to finish after SIGTERM before they are cancelled.
    shutdownGraceTime: config.shutdownGraceMs,
  });
  return { worker, connection };
}

let runtimeInstalled = false;
const temporalLogLevels: Record<AppConfig['logLevel'], LogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};

/** The SDK's process-wide runtime may be set up once; it logs JSON at the service's level. */
function installRuntime(config: AppConfig): void {
  if (runtimeInstalled) return;
  const logger = createLogger(config, 'temporal-worker');
  Runtime.install({
    logger: new DefaultLogger(temporalLogLevels[config.logLevel], (entry) => {
      const level = entry.level === 'TRACE' ? 'trace' : (entry.level.toLowerCase() as 'info');
      logger[level](entry.meta ?? {}, entry.message);
    }),
  });
  runtimeInstalled = true;
}

if (require.main === module) {
  runMain('temporal-worker', async () => {
    const config = loadConfig();
    const logger = createLogger(config, 'temporal-worker');
    const app = await NestFactory.createApplicationContext(WorkerModule, {
      logger: new NestPinoLogger(logger),
    });
    const activities = createOnboardingActivities(app.get(OnboardingLifecycle));
    const { worker, connection } = await createTemporalWorker({ config, activities });
    logger.info(
      `temporal-worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`,
    );
    // Worker.run() returns after SIGINT/SIGTERM, once in-flight tasks have drained.
    await worker.run();
    await connection.close();
    await app.close();
    logger.info('temporal-worker: stopped');
  });
}

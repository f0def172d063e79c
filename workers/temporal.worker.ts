import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogLevel,
  type WorkerOptions,
} from '@temporalio/worker';
import { inventory } from '../src/app-inventory';
import { loadConfig } from '../src/config/config.module';
import { createLogger, NestPinoLogger } from '../src/logging/logger';
import { type AppConfig } from '../src/config/config.schema';
import { Metrics } from '../src/metrics/metrics';
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
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    tls: config.temporal.tls,
    apiKey: config.temporal.apiKey,
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    workflowsPath: options.workflowsPath ?? require.resolve('../workflows'),
    activities: options.activities,
    dataConverter: dataConverter(config),
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
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
  const sdkPort = config.metrics.temporalSdkPort;
  Runtime.install({
    // The SDK's worker metrics (task latencies, slots, polls), in Prometheus format.
    ...(sdkPort
      ? {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: `${config.metrics.host}:${sdkPort}` } },
          },
        }
      : {}),
    logger: new DefaultLogger(temporalLogLevels[config.logLevel], (entry) => {
      const level = entry.level === 'TRACE' ? 'trace' : (entry.level.toLowerCase() as 'info');
      logger[level](entry.meta ?? {}, entry.message);
    }),
  });
  runtimeInstalled = true;
}

/** The worker's own metrics (transitions, step times, reminders) for Prometheus. */
function serveMetrics(metrics: Metrics, host: string, port: number): Server | undefined {
  if (!port) return undefined;
  return createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  }).listen(port, host);
}

if (require.main === module) {
  runMain('temporal-worker', async () => {
    const config = loadConfig();
    const logger = createLogger(config, 'temporal-worker');
    const app = await NestFactory.createApplicationContext(WorkerModule, {
      logger: new NestPinoLogger(logger),
    });
    logger.info(inventory(app), 'temporal-worker: constructed');
    const activities = createOnboardingActivities(app.get(OnboardingLifecycle));
    const metricsServer = serveMetrics(
      app.get(Metrics),
      config.metrics.host,
      config.metrics.workerPort,
    );
    metricsServer?.on('error', (error) => logger.warn(`metrics port: ${error.message}`));
    const { worker, connection } = await createTemporalWorker({ config, activities });
    logger.info(
      `temporal-worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`,
    );
    // Worker.run() returns after SIGINT/SIGTERM, once in-flight tasks have drained.
    await worker.run();
    await connection.close();
    metricsServer?.close();
    await app.close();
    logger.info('temporal-worker: stopped');
  });
}

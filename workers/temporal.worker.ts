import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { type WorkerDeploymentVersion } from '@temporalio/common';
import {
  bundleWorkflowCode,
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
import { OnboardingAdminRecords } from '../src/onboardings/onboarding-admin-records.service';
import { OnboardingLifecycle } from '../src/onboardings/onboarding-lifecycle.service';
import { OnboardingNudges } from '../src/onboardings/onboarding-nudges.service';
import { createOnboardingActivities } from '../src/onboardings/onboarding.activities';
import { runMain } from '../src/run-main';
import { dataConverter } from '../src/temporal/data-converter';
import { WorkerModule } from '../src/worker.module';
import { defaultBuildId, setCurrentVersion, type SetCurrentOutcome } from './worker-versioning';

export interface TemporalWorkerOptions {
  config: AppConfig;
  activities: WorkerOptions['activities'];
  /** Defaults to the project's workflows; tests may point at their own. */
  workflowsPath?: string;
  taskQueue?: string;
}

export interface CreatedTemporalWorker {
  worker: Worker;
  connection: NativeConnection;
  /** The Worker Deployment Version it polls as; absent with TEMPORAL_WORKER_VERSIONING=off. */
  version?: WorkerDeploymentVersion;
}

/**
 * Connects to Temporal and registers the workflows and activities; the caller runs it. With
 * Worker Versioning the workflows it starts stay pinned to its version (README, "Changing the
 * workflow").
 */
export async function createTemporalWorker(
  options: TemporalWorkerOptions,
): Promise<CreatedTemporalWorker> {
  const { config } = options;
  installRuntime(config);
  const workflowsPath = options.workflowsPath ?? require.resolve('../workflows');
  const versioning = config.temporal.versioning;
  let code: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> = { workflowsPath };
  let version: WorkerDeploymentVersion | undefined;
  if (versioning.mode === 'pinned') {
    // Bundled here rather than by Worker.create, so the default build id can name its code.
    const bundle = await bundleWorkflowCode({ workflowsPath, logger: Runtime.instance().logger });
    code = { workflowBundle: bundle };
    version = {
      deploymentName: versioning.deploymentName,
      buildId: versioning.buildId ?? defaultBuildId(bundle.code),
    };
  }
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    tls: config.temporal.tls,
    apiKey: config.temporal.apiKey,
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    ...code,
    ...(version
      ? {
          workerDeploymentOptions: {
            version,
            useWorkerVersioning: true,
            defaultVersioningBehavior: 'PINNED' as const,
          },
        }
      : {}),
    activities: options.activities,
    dataConverter: dataConverter(config),
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    // Running activities get this long to finish after SIGTERM before they are cancelled.
    shutdownGraceTime: config.shutdownGraceMs,
  });
  return { worker, connection, version };
}

/**
 * Runs the worker and, once it polls, makes its version current as TEMPORAL_WORKER_SET_CURRENT
 * says. Resolves when that is settled; `running` ends when the worker stops.
 */
export async function startTemporalWorker(
  options: TemporalWorkerOptions,
): Promise<CreatedTemporalWorker & { running: Promise<void>; routing?: SetCurrentOutcome }> {
  const created = await createTemporalWorker(options);
  const running = created.worker.run();
  const { versioning, namespace } = options.config.temporal;
  if (!created.version || versioning.mode !== 'pinned') return { ...created, running };
  try {
    const routing = await Promise.race([
      setCurrentVersion(created.connection, namespace, created.version, versioning.setCurrent),
      running.then(() => {
        throw new Error('the worker stopped before its version was routed');
      }),
    ]);
    return { ...created, running, routing };
  } catch (error) {
    created.worker.shutdown();
    await running.catch(() => undefined);
    await created.connection.close();
    throw error;
  }
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
    const activities = createOnboardingActivities(
      app.get(OnboardingLifecycle),
      app.get(OnboardingNudges),
      app.get(OnboardingAdminRecords),
    );
    const metricsServer = serveMetrics(
      app.get(Metrics),
      config.metrics.host,
      config.metrics.workerPort,
    );
    metricsServer?.on('error', (error) => logger.warn(`metrics port: ${error.message}`));
    const { connection, running, version, routing } = await startTemporalWorker({
      config,
      activities,
    });
    logger.info(
      { version, routing },
      `temporal-worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`,
    );
    // The run ends after SIGINT/SIGTERM, once in-flight tasks have drained.
    await running;
    await connection.close();
    metricsServer?.close();
    await app.close();
    logger.info('temporal-worker: stopped');
  });
}

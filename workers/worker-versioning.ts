import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { toCanonicalString, type WorkerDeploymentVersion } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type NativeConnection } from '@temporalio/worker';
import { version as packageVersion } from '../package.json';

/**
 * A version named after the release and the workflow code it runs: a build whose bundle is the
 * same (only activities or the API changed) joins the version already running.
 */
export function defaultBuildId(bundleCode: string): string {
  const hash = createHash('sha256').update(bundleCode).digest('hex').slice(0, 12);
  return `${packageVersion}-${hash}`;
}

/** `deployment:buildId`, as the server writes it in `TemporalWorkerDeploymentVersion`. */
export function versionKey(version: WorkerDeploymentVersion): string {
  return `${version.deploymentName}:${version.buildId}`;
}

export type SetCurrent = 'never' | 'if-none' | 'always';
export type SetCurrentOutcome = 'made-current' | 'already-current' | 'left-to-operator';

const { ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS } = temporal.api.enums.v1.RoutingConfigUpdateState;

/**
 * Makes the worker's version the deployment's current one (new workflows start there), as
 * `temporal worker deployment set-current-version` would: `if-none` only while no version is
 * current (the first deployment), `always` whatever is. Call it once the worker polls: the
 * server learns of a version from its pollers. Retries a conflict with another replica doing
 * the same.
 */
export async function setCurrentVersion(
  connection: NativeConnection,
  namespace: string,
  version: WorkerDeploymentVersion,
  when: SetCurrent,
  timeoutMs = 60_000,
): Promise<SetCurrentOutcome> {
  if (when === 'never') return 'left-to-operator';
  const service = connection.workflowService;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const described = await service.describeWorkerDeployment({
        namespace,
        deploymentName: version.deploymentName,
      });
      const info = described.workerDeploymentInfo;
      const known = info?.versionSummaries?.some(
        (summary) =>
          summary.deploymentVersion?.buildId === version.buildId ||
          summary.version === toCanonicalString(version),
      );
      if (known) {
        const current = info?.routingConfig?.currentDeploymentVersion?.buildId;
        if (current === version.buildId) {
          if (info?.routingConfigUpdateState !== ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS) {
            return 'already-current';
          }
        } else if (current && when === 'if-none') {
          return 'left-to-operator';
        } else {
          await service.setWorkerDeploymentCurrentVersion({
            namespace,
            deploymentName: version.deploymentName,
            buildId: version.buildId,
            conflictToken: described.conflictToken,
            identity: `onboarding worker ${version.buildId}`,
          });
          await waitUntilCurrent(connection, namespace, version, deadline);
          return 'made-current';
        }
      }
    } catch (error) {
      // Not polled yet (NOT_FOUND), or another replica changed the routing first.
      if (!isRetryable(error) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`worker version ${versionKey(version)} never appeared in its deployment`);
    }
    await delay(200);
  }
}

async function waitUntilCurrent(
  connection: NativeConnection,
  namespace: string,
  version: WorkerDeploymentVersion,
  deadline: number,
): Promise<void> {
  while (Date.now() < deadline) {
    const { workerDeploymentInfo: info } =
      await connection.workflowService.describeWorkerDeployment({
        namespace,
        deploymentName: version.deploymentName,
      });
    if (
      info?.routingConfig?.currentDeploymentVersion?.buildId === version.buildId &&
      info.routingConfigUpdateState !== ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS
    ) {
      return;
    }
    await delay(200);
  }
  throw new Error(`the routing to ${versionKey(version)} did not settle in time`);
}

/** gRPC NOT_FOUND, FAILED_PRECONDITION and ABORTED. */
const RETRYABLE_CODES = new Set([5, 9, 10]);

function isRetryable(error: unknown): boolean {
  return RETRYABLE_CODES.has((error as { code?: number }).code ?? -1);
}

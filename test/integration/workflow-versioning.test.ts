// Changing the onboarding workflow while onboardings are in flight (README, "Changing the
// workflow"): onboardings started on release 1 finish on release 1's worker, pinned, while a
// changed workflow (release 2, a new first step) is deployed beside it, made current with the
// Temporal CLI and takes every new onboarding; then a fix behind patched() (release 3) is made
// current and release 2's running onboardings are moved onto it. A Temporal dev server of its
// own, with the drainage checks on a seconds scale, so the test can also watch release 1 drain.
import { Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testProfile, type StackProfile } from '../../scripts/stack/profile';
import { provideTemporal, temporalBinary, type TemporalServer } from '../../scripts/stack/temporal';
import { ActivationService } from '../../src/activation/activation.service';
import { type AppConfig } from '../../src/config/config.schema';
import { dataConverter } from '../../src/temporal/data-converter';
import { FIX_PAUSE_MS } from '../fixtures/onboarding-fix.workflow';
import { WELCOME_PAUSE_MS } from '../fixtures/onboarding-next.workflow';
import { Harness, newHire, type HarnessWorker } from '../support/harness';
import { freePort } from '../support/ports';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

const { EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

const DEPLOYMENT = 'onboarding';
const RELEASE_1 = 'release-1';
const RELEASE_2 = 'release-2';
const RELEASE_3 = 'release-3';
const nextWorkflow = require.resolve('../fixtures/onboarding-next.workflow');
const fixWorkflow = require.resolve('../fixtures/onboarding-fix.workflow');
const by = { actor: 'versioning-test', reason: 'a workflow change in flight' };
// Ends on its own: the code dies after seconds and the expired onboarding closes soon after.
const expiring = { codeValidity: '5s', expiredRetention: '1s' };

interface Onboarding {
  id: string;
  workflowId: string;
  release: string;
  end: 'active' | 'cancelled' | 'expired';
}

const pinned =
  (buildId: string) =>
  (config: AppConfig): AppConfig => ({
    ...config,
    temporal: {
      ...config.temporal,
      versioning: { mode: 'pinned', deploymentName: DEPLOYMENT, buildId, setCurrent: 'if-none' },
    },
  });

describe('changing the workflow while onboardings are in flight', () => {
  let server: TemporalServer;
  let cliPath: string;
  let h: Harness;

  beforeAll(async () => {
    const [port, uiPort] = [await freePort(), await freePort()];
    const profile: StackProfile = {
      ...testProfile,
      varDir: join(testProfile.varDir, 'versioning'),
      // Never a server named in the environment: this one's settings matter.
      urlVariables: { ...testProfile.urlVariables, temporal: 'VERSIONING_TEST_TEMPORAL_ADDRESS' },
      temporal: {
        port,
        uiPort,
        headless: true,
        // The server checks a version's drainage every few minutes by default.
        dynamicConfig: [
          'matching.wv.VersionDrainageStatusVisibilityGracePeriod="2s"',
          'matching.wv.VersionDrainageStatusRefreshInterval="1s"',
        ],
      },
    };
    const quiet = () => undefined;
    server = await provideTemporal(profile, quiet);
    cliPath = await temporalBinary(profile, quiet);
    h = await Harness.start({
      worker: false,
      configure: (config) => ({
        ...config,
        temporal: { ...config.temporal, address: server.address },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await server?.process?.stop();
  });

  /** The Temporal CLI as an operator runs it (README, "Changing the workflow"). */
  async function cli(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await promisify(execFile)(cliPath, [
      ...args,
      '--address',
      server.address,
      '-o',
      'json',
    ]);
    try {
      return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
    } catch {
      return { text: stdout };
    }
  }

  // Polled through the API's client: spawning the CLI every 100 ms would load the machine.
  const service = () => h.get(Client).workflowService;
  const currentBuildId = async () =>
    (await service().describeWorkerDeployment({ namespace: 'default', deploymentName: DEPLOYMENT }))
      .workerDeploymentInfo?.routingConfig?.currentDeploymentVersion?.buildId;

  /** The CLI, retried: the server refuses a version until its task queue is registered. */
  const setCurrent = async (buildId: string) => {
    await eventually(`${buildId} set current`, () =>
      cli(
        'worker',
        'deployment',
        'set-current-version',
        '--deployment-name',
        DEPLOYMENT,
        '--build-id',
        buildId,
        '--yes',
      ),
    );
    await eventually(`${buildId} current`, async () =>
      (await currentBuildId()) === buildId ? true : undefined,
    );
  };

  const status = async (id: string) =>
    (await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${id}`)).body.status;

  async function start(
    release: string,
    end: Onboarding['end'],
    policy?: object,
  ): Promise<Onboarding> {
    const hire = newHire(policy ? { policy } : {});
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    expect(res.status).toBeLessThan(300);
    const id = res.body.onboardingId;
    await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    return { id, workflowId: `onboarding/default/${String(hire.employeeId)}`, release, end };
  }

  const redeem = async (o: Onboarding) =>
    h
      .get(ActivationService)
      .redeemCode({ code: await h.latestCode(o.id), clientAddress: `ver-${o.id}` });

  const setCredentials = (o: Onboarding) =>
    h.get(ActivationService).setCredentials(o.id, {
      email: 'anouk@example.nl',
      username: `ver-${o.id.slice(-8)}`,
      password: 'Zonnebloem-Veld-2026',
    });

  async function activate(o: Onboarding): Promise<void> {
    const activation = h.get(ActivationService);
    const { secret } = await activation.totpEnrolment(o.id);
    await activation.activateTwoFactor(o.id, secret, totpNow(secret));
  }

  const cancel = (o: Onboarding) =>
    h.hr('POST', `/api/v1/onboardings/${o.id}/cancel`, {
      ...by,
      onboardingId: o.id,
      action: 'cancel',
    });

  const handle = (o: Onboarding): WorkflowHandle => h.get(Client).workflow.getHandle(o.workflowId);

  it('finishes every onboarding: old ones on the old code, new ones on the new, moved ones with the fix', async () => {
    // Release 1, the first version of the deployment: it becomes current by itself.
    const release1: HarnessWorker = await h.startWorker({ configure: pinned(RELEASE_1) });
    expect(release1.version).toEqual({ deploymentName: DEPLOYMENT, buildId: RELEASE_1 });
    expect(await currentBuildId()).toBe(RELEASE_1);

    // Onboardings in flight on release 1, at different steps.
    const waiting = await start(RELEASE_1, 'active');
    const redeemed = await start(RELEASE_1, 'active');
    await redeem(redeemed);
    const withCredentials = await start(RELEASE_1, 'active');
    await redeem(withCredentials);
    await setCredentials(withCredentials);
    const cancelledLater = await start(RELEASE_1, 'cancelled');
    const expiresLater = await start(RELEASE_1, 'expired', expiring);
    const old = [waiting, redeemed, withCredentials, cancelledLater, expiresLater];
    await eventually('the steps taken on release 1', async () =>
      (await status(withCredentials.id)) === 'credentials_set' ? true : undefined,
    );

    // Release 2 beside it: a second version waits until the operator makes it current.
    await h.startWorker({ workflowsPath: nextWorkflow, configure: pinned(RELEASE_2) });
    expect(await currentBuildId()).toBe(RELEASE_1);
    await setCurrent(RELEASE_2);

    // New onboardings start on release 2.
    const fresh = await start(RELEASE_2, 'active');
    const freshCancelled = await start(RELEASE_2, 'cancelled');
    const freshExpires = await start(RELEASE_2, 'expired', expiring);
    const all = [...old, fresh, freshCancelled, freshExpires];
    await redeem(fresh);

    // A bug fix behind patched() (release 3), made current, and release 2's running
    // onboardings moved onto it; release 1's stay where they are.
    await h.startWorker({ workflowsPath: fixWorkflow, configure: pinned(RELEASE_3) });
    await setCurrent(RELEASE_3);
    const onRelease2 = `TemporalWorkerDeploymentVersion = '${DEPLOYMENT}:${RELEASE_2}'`;
    // The batch finds onboardings through visibility, which follows a moment behind.
    await eventually('release 2 onboardings visible', async () => {
      const query = `${onRelease2} AND WorkflowId = '${fresh.workflowId}'`;
      return (await h.get(Client).workflow.count(query)).count === 1 ? true : undefined;
    });
    await cli(
      'workflow',
      'update-options',
      '--query',
      `${onRelease2} AND ExecutionStatus = 'Running'`,
      '--versioning-override-behavior',
      'pinned',
      '--versioning-override-deployment-name',
      DEPLOYMENT,
      '--versioning-override-build-id',
      RELEASE_3,
      '--yes',
    );
    // A batch job of the server's; it may take a while on a busy machine.
    await eventually(
      'release 2 onboardings moved to release 3',
      async () => {
        const { raw } = await handle(fresh).describe();
        return JSON.stringify(raw.workflowExecutionInfo?.versioningInfo ?? {}).includes(RELEASE_3)
          ? true
          : undefined;
      },
      60_000,
    );

    // Everyone to the end: the old ones' steps go to release 1's worker.
    await redeem(waiting);
    for (const o of [waiting, redeemed, fresh]) await setCredentials(o);
    for (const o of [waiting, redeemed, withCredentials, fresh]) await activate(o);
    for (const o of [cancelledLater, freshCancelled]) expect((await cancel(o)).status).toBe(200);
    for (const o of all) {
      await eventually(`${o.id} ${o.end}`, async () =>
        (await status(o.id)) === o.end ? true : undefined,
      );
    }

    const histories = new Map<Onboarding, History>();
    for (const o of all) {
      await eventually(`${o.id} closed`, async () =>
        (await handle(o).describe()).status.name === 'COMPLETED' ? true : undefined,
      );
      histories.set(o, await handle(o).fetchHistory());
    }
    for (const o of all) {
      const events = histories.get(o)?.events ?? [];
      const types = events.map((e) => e.eventType);
      // No failed workflow task: nothing replayed on code it did not start on (a task that
      // timed out on a busy machine is tried again and is no sign of that; the builds below are).
      expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      // Every workflow task ran on the onboarding's own release; release 2's, once moved, on
      // release 3 (`fresh` was running then for sure).
      const builds = [
        ...new Set(
          events.map((e) => e.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId),
        ),
      ].filter((b) => b !== undefined);
      const moved = builds.includes(RELEASE_3);
      const expected =
        o.release === RELEASE_1 ? [RELEASE_1] : moved ? [RELEASE_2, RELEASE_3] : [RELEASE_2];
      expect({ id: o.id, builds }).toEqual({ id: o.id, builds: expected });
      if (o === fresh) expect(moved).toBe(true);
      // Release 2's new step: a timer before anything else. Release 3's fix: a closing timer.
      const timers = events.flatMap((e) => {
        const d = e.timerStartedEventAttributes?.startToFireTimeout;
        return d ? [Number(d.seconds ?? 0) * 1000 + (d.nanos ?? 0) / 1e6] : [];
      });
      const first = events[types.indexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) + 1];
      expect({
        id: o.id,
        welcome: first?.timerStartedEventAttributes ? timers[0] : undefined,
        fix: timers.includes(FIX_PAUSE_MS),
      }).toEqual({
        id: o.id,
        welcome: o.release === RELEASE_2 ? WELCOME_PAUSE_MS : undefined,
        fix: moved,
      });
    }

    // Nothing left running on release 1, and the server says so: it may be retired.
    expect(
      await cli(
        'workflow',
        'count',
        '--query',
        `TemporalWorkerDeploymentVersion = '${DEPLOYMENT}:${RELEASE_1}' AND ExecutionStatus = 'Running'`,
      ),
    ).toEqual({});
    const { VERSION_DRAINAGE_STATUS_DRAINED } = temporal.api.enums.v1.VersionDrainageStatus;
    await eventually(
      'release 1 drained',
      async () =>
        (
          await service().describeWorkerDeploymentVersion({
            namespace: 'default',
            deploymentVersion: { deploymentName: DEPLOYMENT, buildId: RELEASE_1 },
          })
        ).workerDeploymentVersionInfo?.drainageInfo?.status === VERSION_DRAINAGE_STATUS_DRAINED
          ? true
          : undefined,
      60_000,
    );
    const described = await cli(
      'worker',
      'deployment',
      'describe-version',
      '--deployment-name',
      DEPLOYMENT,
      '--build-id',
      RELEASE_1,
    );
    expect(described.drainageInfo).toMatchObject({ drainageStatus: 'drained' });
    await release1.stop();
    const running = await h
      .get(Client)
      .workflow.count(
        `TaskQueue = '${h.config.temporal.taskQueue}' AND ExecutionStatus = 'Running'`,
      );
    expect(running.count).toBe(0);

    // What pinning spared them: an onboarding from release 1 cannot replay on release 2.
    // and a moved onboarding replays on the release with the fix, its patch and all.
    const replay = (o: Onboarding, workflowsPath: string) =>
      Worker.runReplayHistory(
        { workflowsPath, dataConverter: dataConverter(h.config) },
        histories.get(o) ?? {},
        o.workflowId,
      );
    await expect(replay(waiting, nextWorkflow)).rejects.toMatchObject({
      name: 'DeterminismViolationError',
    });
    await expect(replay(fresh, fixWorkflow)).resolves.toBeUndefined();
  }, 300_000);
});

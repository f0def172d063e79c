import { bundleWorkflowCode, type NativeConnection } from '@temporalio/worker';
import { version as packageVersion } from '../package.json';
import { defaultBuildId, setCurrentVersion, versionKey } from './worker-versioning';

const bundle = async (path: string) =>
  (await bundleWorkflowCode({ workflowsPath: require.resolve(path), logger: quiet })).code;
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('worker versions', () => {
  it('names a build after the release and its workflow code, the same on every bundle', async () => {
    const [first, again, changed] = await Promise.all([
      bundle('../workflows'),
      bundle('../workflows'),
      bundle('../test/fixtures/onboarding-next.workflow'),
    ]);
    const id = defaultBuildId(first);
    expect(id).toMatch(new RegExp(`^${packageVersion.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
    expect(defaultBuildId(again)).toBe(id);
    expect(defaultBuildId(changed)).not.toBe(id);
  });

  it('writes a version as the server does in TemporalWorkerDeploymentVersion', () => {
    expect(versionKey({ deploymentName: 'onboarding', buildId: '0.1.0-abc' })).toBe(
      'onboarding:0.1.0-abc',
    );
  });
});

describe('setCurrentVersion', () => {
  const version = { deploymentName: 'onboarding', buildId: 'b2' };
  const summary = (buildId: string) => ({
    deploymentVersion: { deploymentName: 'onboarding', buildId },
  });

  /** A deployment as the server describes it: `current` and the versions that polled. */
  function server(current: string | undefined, polled: string[]) {
    const state = { current, polled, sets: 0, lookups: 0 };
    const workflowService = {
      describeWorkerDeployment: () => {
        state.lookups += 1;
        if (state.polled.length === 0) {
          return Promise.reject(Object.assign(new Error('not found'), { code: 5 }));
        }
        return Promise.resolve({
          conflictToken: new Uint8Array([state.sets]),
          workerDeploymentInfo: {
            versionSummaries: state.polled.map(summary),
            routingConfig: state.current
              ? {
                  currentDeploymentVersion: {
                    deploymentName: 'onboarding',
                    buildId: state.current,
                  },
                }
              : {},
          },
        });
      },
      setWorkerDeploymentCurrentVersion: (request: { buildId: string }) => {
        state.sets += 1;
        state.current = request.buildId;
        return Promise.resolve({});
      },
    };
    return { state, connection: { workflowService } as unknown as NativeConnection };
  }

  it('makes the first version current, and leaves a later one to the operator with if-none', async () => {
    const first = server(undefined, ['b2']);
    await expect(setCurrentVersion(first.connection, 'default', version, 'if-none')).resolves.toBe(
      'made-current',
    );
    expect(first.state.current).toBe('b2');
    const later = server('b1', ['b1', 'b2']);
    await expect(setCurrentVersion(later.connection, 'default', version, 'if-none')).resolves.toBe(
      'left-to-operator',
    );
    expect(later.state.current).toBe('b1');
  });

  it('takes over with always, once the server has seen the version poll', async () => {
    const s = server('b1', []);
    setTimeout(() => s.state.polled.push('b1', 'b2'), 300);
    await expect(setCurrentVersion(s.connection, 'default', version, 'always')).resolves.toBe(
      'made-current',
    );
    expect(s.state).toMatchObject({ current: 'b2', sets: 1 });
    expect(s.state.lookups).toBeGreaterThan(2);
    await expect(setCurrentVersion(s.connection, 'default', version, 'always')).resolves.toBe(
      'already-current',
    );
  });

  it('never touches the routing with never', async () => {
    const s = server(undefined, ['b2']);
    await expect(setCurrentVersion(s.connection, 'default', version, 'never')).resolves.toBe(
      'left-to-operator',
    );
    expect(s.state.lookups).toBe(0);
  });
});

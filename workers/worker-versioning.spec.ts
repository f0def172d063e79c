import { bundleWorkflowCode } from '@temporalio/worker';
import { version as packageVersion } from '../package.json';
import { defaultBuildId, versionKey } from './worker-versioning';

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

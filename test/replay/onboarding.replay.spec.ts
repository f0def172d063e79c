import { Worker } from '@temporalio/worker';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { version as building } from '../../package.json';
import { parseKeyring, type Keyring } from '../../src/security/keyring';
import { EncryptionCodec } from '../../src/temporal/encryption.codec';
import { TEST_TEMPORAL_PAYLOAD_KEYS } from '../support/test-keys';
import { releases } from './releases';

const dir = join(__dirname, 'histories');
const historiesOf = (release: string) =>
  existsSync(join(dir, release))
    ? readdirSync(join(dir, release))
        .filter((f) => f.endsWith('.json'))
        .map((file) => `${release}/${file}`)
    : [];
const mustReplay = releases
  .filter((r) => r.replays === 'current')
  .flatMap((r) => historiesOf(r.release));
const pinnedOnly = releases
  .filter((r) => r.replays === 'own-release')
  .flatMap((r) => historiesOf(r.release));

// Histories recorded on every release: those of releases whose onboardings may reach today's
// workers must replay on today's code, so a non-deterministic change fails here, before it
// reaches running onboardings (README, "Changing the workflow").
describe('replaying recorded onboarding histories', () => {
  it('keeps histories of every released version, the one being built included', () => {
    const folders = readdirSync(dir).sort();
    expect(folders).toEqual(releases.map((r) => r.release).sort());
    expect(folders).toContain(building);
    for (const { release } of releases) expect(historiesOf(release).length).toBeGreaterThan(0);
    expect(historiesOf(building).length).toBeGreaterThanOrEqual(2);
  });

  it.each(mustReplay)('%s replays on the current workflow code', async (path) => {
    const history: unknown = JSON.parse(readFileSync(join(dir, path), 'utf8'));
    await Worker.runReplayHistory(
      {
        workflowsPath: require.resolve('../../workflows'),
        dataConverter: {
          payloadCodecs: [new EncryptionCodec(parseKeyring(TEST_TEMPORAL_PAYLOAD_KEYS) as Keyring)],
        },
      },
      history,
      path,
    );
  });

  // Kept as the record of their release; their onboardings finish on that release's workers.
  if (pinnedOnly.length > 0) {
    it.each(pinnedOnly)('%s is kept, pinned to its release', (path) => {
      expect(JSON.parse(readFileSync(join(dir, path), 'utf8'))).toHaveProperty('events');
    });
  }
});

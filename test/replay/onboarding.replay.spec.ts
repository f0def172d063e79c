import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyring, type Keyring } from '../../src/security/keyring';
import { EncryptionCodec } from '../../src/temporal/encryption.codec';
import { TEST_TEMPORAL_PAYLOAD_KEYS } from '../support/test-keys';

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

// Histories recorded from earlier code must replay on today's: a non-deterministic change to
// the workflow fails here, before it reaches running onboardings.
describe('replaying recorded onboarding histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays on the current workflow code', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await Worker.runReplayHistory(
      {
        workflowsPath: require.resolve('../../workflows'),
        dataConverter: {
          payloadCodecs: [new EncryptionCodec(parseKeyring(TEST_TEMPORAL_PAYLOAD_KEYS) as Keyring)],
        },
      },
      history,
      file,
    );
  });
});

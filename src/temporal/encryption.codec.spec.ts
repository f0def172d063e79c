import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { Keyring } from '../security/keyring';
import { EncryptionCodec } from './encryption.codec';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('EncryptionCodec', () => {
  it('hides the content and restores it, also after the key is rotated', async () => {
    const old = key('2026-01');
    const payload = defaultPayloadConverter.toPayload({ email: 'anouk@example.nl' });
    const [encoded] = await new EncryptionCodec(new Keyring([old])).encode([payload]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('anouk');

    const rotated = new EncryptionCodec(new Keyring([key('2026-06'), old]));
    const [decoded] = await rotated.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ email: 'anouk@example.nl' });
  });

  it('refuses a payload whose key it does not have', async () => {
    const [encoded] = await new EncryptionCodec(new Keyring([key('a')])).encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    await expect(new EncryptionCodec(new Keyring([key('b')])).decode([encoded!])).rejects.toThrow(
      /unknown key "a"/,
    );
  });
});

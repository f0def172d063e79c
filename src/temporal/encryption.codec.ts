import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Keyring } from '../security/keyring';
import { decrypt, encrypt } from '../security/secret-box';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';

/**
 * Encrypts every Temporal payload (AES-256-GCM), so names and addresses are ciphertext in
 * Temporal's storage and Web UI. The key id travels along, so keys can be rotated.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keyring.current;
    return Promise.resolve(
      payloads.map((payload) => ({
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCODING),
          [KEY_ID]: Buffer.from(id),
        },
        data: encrypt(key, Buffer.from(temporal.api.common.v1.Payload.encode(payload).finish())),
      })),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    // Inside the executor, so a bad payload becomes a rejection rather than a throw.
    return new Promise((resolve) =>
      resolve(
        payloads.map((payload) => {
          const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
          if (!encoding || Buffer.from(encoding).toString() !== ENCODING) return payload;
          const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
          const key = this.keyring.get(keyId);
          if (!key || !payload.data)
            throw new Error(`payload encrypted with unknown key "${keyId}"`);
          return temporal.api.common.v1.Payload.decode(decrypt(key, Buffer.from(payload.data)));
        }),
      ),
    );
  }
}

import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../src/temporal/encryption.codec';
import { Harness } from '../support/harness';

const TOKEN = 'ops-token-for-the-codec-test';

describe('the codec endpoint for the Temporal Web UI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      configure: (c) => ({ ...c, security: { ...c.security, opsToken: TOKEN } }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (body: unknown, token?: string) =>
    fetch(`${h.url}/api/v1/codec/decode`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        origin: h.config.temporal.uiUrl,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });

  it('decrypts a payload for ops, and only for ops', async () => {
    const codec = new EncryptionCodec(h.config.temporal.payloadKeys);
    const [encrypted] = await codec.encode([
      defaultPayloadConverter.toPayload({ email: 'a@b.nl' }),
    ]);
    const wire = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(encrypted!.metadata ?? {}).map(([k, v]) => [
              k,
              Buffer.from(v).toString('base64'),
            ]),
          ),
          data: Buffer.from(encrypted!.data!).toString('base64'),
        },
      ],
    };
    expect((await post(wire)).status).toBe(401);
    const res = await post(wire, TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(
      new URL(h.config.temporal.uiUrl).origin,
    );
    const body = (await res.json()) as { payloads: { data: string }[] };
    expect(JSON.parse(Buffer.from(body.payloads[0]!.data, 'base64').toString())).toEqual({
      email: 'a@b.nl',
    });
  });

  it('allows the Web UI’s origin on the codec endpoint only, and no other origin anywhere', async () => {
    const ui = new URL(h.config.temporal.uiUrl).origin;
    const preflight = (path: string, origin: string) =>
      fetch(`${h.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = (res: Response) => res.headers.get('access-control-allow-origin');
    expect(allowed(await preflight('/api/v1/codec/decode', ui))).toBe(ui);
    expect(allowed(await preflight('/api/v1/codec/decode', 'https://evil.example'))).toBeNull();
    for (const path of ['/login', '/api/v1/onboardings', '/api/v1/ops/onboardings', '/metrics']) {
      expect({ path, allowed: allowed(await preflight(path, ui)) }).toEqual({
        path,
        allowed: null,
      });
    }
  });
});

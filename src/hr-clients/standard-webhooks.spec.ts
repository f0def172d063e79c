import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decodeSecret, sign, verify, WebhookVerificationError } from './standard-webhooks';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const key = decodeSecret(secret)!;
const body = Buffer.from('{"employeeId":"E-1"}');
const now = () => Math.floor(Date.now() / 1000);

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('Standard Webhooks', () => {
  it('accepts what the reference implementation signs', () => {
    const at = new Date();
    const signature = new Webhook(secret).sign('msg_1', at, body.toString());
    const timestamp = String(Math.floor(at.getTime() / 1000));
    expect(verify([key], { id: 'msg_1', timestamp, signature }, body)).toBe(0);
  });

  it('signs what the reference implementation accepts', () => {
    const headers = {
      'webhook-id': 'msg_2',
      'webhook-timestamp': String(now()),
      'webhook-signature': '',
    };
    headers['webhook-signature'] = sign(key, 'msg_2', Number(headers['webhook-timestamp']), body);
    expect(new Webhook(secret).verify(body.toString(), headers)).toEqual({ employeeId: 'E-1' });
  });

  it('finds the matching key among rotated secrets and signatures', () => {
    const old = randomBytes(32);
    const ts = now();
    const signature = `v1,bm90IGl0 ${sign(key, 'msg_3', ts, body)}`;
    expect(verify([old, key], { id: 'msg_3', timestamp: String(ts), signature }, body)).toBe(1);
  });

  it('tells a changed body or wrong secret from a stale or future timestamp and missing headers', () => {
    const ts = now();
    const headers = { id: 'msg_4', timestamp: String(ts), signature: sign(key, 'msg_4', ts, body) };
    expect(reason(() => verify([key], headers, Buffer.from('{"employeeId":"E-2"}')))).toBe(
      'bad_signature',
    );
    expect(reason(() => verify([randomBytes(32)], headers, body))).toBe('bad_signature');
    for (const skew of [-301, 301]) {
      const at = ts + skew;
      const signature = sign(key, 'msg_5', at, body);
      expect(
        reason(() => verify([key], { id: 'msg_5', timestamp: String(at), signature }, body)),
      ).toBe('stale_timestamp');
    }
    expect(reason(() => verify([key], { ...headers, id: undefined }, body))).toBe(
      'missing_headers',
    );
    expect(reason(() => verify([key], { ...headers, signature: '' }, body))).toBe(
      'missing_headers',
    );
  });

  it('only takes whsec_ secrets of a useful length', () => {
    expect(decodeSecret('whsec_c2hvcnQ=')).toBeNull();
    expect(decodeSecret('plain-password')).toBeNull();
  });
});

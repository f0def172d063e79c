import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decodeSecret, sign, verify, WebhookVerificationError } from './standard-webhooks';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const key = decodeSecret(secret)!;
const body = Buffer.from('{"employeeId":"E-1"}');
const now = new Date('2026-11-25T10:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

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
    const signature = new Webhook(secret).sign('msg_1', now, body.toString());
    expect(verify([key], { id: 'msg_1', timestamp: String(ts), signature }, body, now)).toBe(0);
  });

  it('signs what the reference implementation accepts', () => {
    const headers = {
      'webhook-id': 'msg_2',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': '',
    };
    headers['webhook-signature'] = sign(key, 'msg_2', Number(headers['webhook-timestamp']), body);
    expect(new Webhook(secret).verify(body.toString(), headers)).toEqual({ employeeId: 'E-1' });
  });

  it('finds the matching key among rotated secrets and signatures', () => {
    const old = randomBytes(32);
    const signature = `v1,bm90IGl0 ${sign(key, 'msg_3', ts, body)}`;
    expect(verify([old, key], { id: 'msg_3', timestamp: String(ts), signature }, body, now)).toBe(
      1,
    );
  });

  it('rejects a changed body, a wrong secret, a stale timestamp and missing headers', () => {
    const signature = sign(key, 'msg_4', ts, body);
    const headers = { id: 'msg_4', timestamp: String(ts), signature };
    expect(reason(() => verify([key], headers, Buffer.from('{"employeeId":"E-2"}'), now))).toBe(
      'bad_signature',
    );
    expect(reason(() => verify([randomBytes(32)], headers, body, now))).toBe('bad_signature');
    const later = new Date(now.getTime() + 301_000);
    expect(reason(() => verify([key], headers, body, later))).toBe('stale_timestamp');
    expect(reason(() => verify([key], { ...headers, id: undefined }, body, now))).toBe(
      'missing_headers',
    );
  });

  it('only takes whsec_ secrets of a useful length', () => {
    expect(decodeSecret('whsec_c2hvcnQ=')).toBeNull();
    expect(decodeSecret('plain-password')).toBeNull();
  });
});

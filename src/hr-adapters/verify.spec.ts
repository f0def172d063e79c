import { createHmac } from 'node:crypto';
import { bamboohr } from './bamboohr/bamboohr.adapter';
import { hibob } from './hibob/hibob.adapter';
import type { InboundRequest } from './hr-adapter';
import { personio } from './personio/personio.adapter';

const body = Buffer.from('{"employees":[{"id":"1","action":"Created"}]}');
const secret = 'a-secret-of-enough-length';
const request = (headers: Record<string, string>, raw = body): InboundRequest => ({
  header: (name) => headers[name],
  rawBody: raw,
});
const api = { apiUrl: 'https://example.com', populations: undefined };

describe('verifying each vendor the way its documentation says', () => {
  it('Personio: the configured token, verbatim, in Authorization', () => {
    const settings = {
      ...api,
      tokens: ['Bearer old-token-still-valid', secret],
      clientId: 'c',
      clientSecret: 's',
    };
    expect(personio.verify(request({ authorization: secret }), settings, 0)).toBe(true);
    expect(personio.verify(request({ authorization: `Bearer ${secret}` }), settings, 0)).toBe(
      false,
    );
    expect(personio.verify(request({}), settings, 0)).toBe(false);
  });

  it('HiBob: base64 HMAC-SHA512 of the body in Bob-Signature', () => {
    const settings = { ...api, secrets: [secret], serviceUserId: 'u', serviceUserToken: 't' };
    const signature = createHmac('sha512', secret).update(body).digest('base64');
    expect(hibob.verify(request({ 'bob-signature': signature }), settings, 0)).toBe(true);
    const tampered = Buffer.from(body.toString().replace('1', '2'));
    expect(hibob.verify(request({ 'bob-signature': signature }, tampered), settings, 0)).toBe(
      false,
    );
  });

  it('BambooHR: hex HMAC-SHA256 of body then timestamp, the timestamp recent', () => {
    const settings = { ...api, privateKeys: [secret], companyDomain: 'acme', apiKey: 'k' };
    const at = 1_800_000_000;
    const signature = createHmac('sha256', secret).update(`${body.toString()}${at}`).digest('hex');
    const signed = request({
      'x-bamboohr-signature': signature,
      'x-bamboohr-timestamp': String(at),
    });
    expect(bamboohr.verify(signed, settings, at * 1000 + 60_000)).toBe(true);
    expect(bamboohr.verify(signed, settings, at * 1000 + 6 * 60_000)).toBe(false);
    const otherTime = request({
      'x-bamboohr-signature': signature,
      'x-bamboohr-timestamp': String(at + 1),
    });
    expect(bamboohr.verify(otherTime, settings, at * 1000)).toBe(false);
  });
});

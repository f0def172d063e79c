import type { TwoFactorMethods } from '../../src/config/config.schema';
import { Employee, totpKeyOn } from '../support/employee';
import { WebClient } from '../support/browser-less';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

/** TWO_FACTOR_METHODS decides what the 2FA page offers, and the server holds to it. */
describe.each<[TwoFactorMethods]>([['passkey'], ['totp']])('TWO_FACTOR_METHODS=%s', (methods) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        // Passkeys need a host name, not 127.0.0.1.
        http: { ...c.http, publicUrl: c.http.publicUrl.replace('127.0.0.1', 'localhost') },
        twoFactor: { methods },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  /** A hire at the 2FA page, over HTTP. */
  async function atTwoFactor(): Promise<Employee> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    const employee = new Employee(h.url, id, `emp-${id.slice(0, 8)}`);
    expect(await employee.take('invited', code)).toBe(true);
    expect(await employee.take('code_redeemed')).toBe(true);
    return employee;
  }

  it('offers only what the setting allows, and refuses the rest', async () => {
    const employee = await atTwoFactor();
    const page = await employee.web.get('/account/2fa');
    const login = await new WebClient(h.url).get('/login');
    // The passkey button carries the form token (a passkey-only page has no form).
    const csrf = /(?:name="_csrf" value|data-csrf)="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const options = await employee.web.postJson('/account/2fa/passkey/options', { _csrf: csrf });
    if (methods === 'passkey') {
      // No QR code and no key: the app cannot be set up, even by posting a code.
      expect(page.body).toContain('Passkey gebruiken');
      expect(page.body).not.toContain('img class="qr"');
      expect(totpKeyOn(page)).toBeUndefined();
      const posted = await employee.web.post('/account/2fa', {
        _csrf: csrf,
        token: totpNow('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
      });
      // No secret was ever made for this session: back to the passkey page, nothing enrolled.
      expect(posted.location).toBe('/account/2fa');
      const state = await h.hr<{ status: string }>(
        'GET',
        `/api/v1/onboardings/${employee.onboardingId}`,
      );
      expect(state.body.status).toBe('credentials_set');
      expect(options.status).toBe(200);
      expect(options.json).toMatchObject({
        rp: { id: 'localhost' },
        authenticatorSelection: { userVerification: 'required' },
      });
      expect(login.body).toContain('Inloggen met een passkey');
    } else {
      // The seed's page as it was: the app only, no passkey anywhere.
      expect(totpKeyOn(page)).toBeDefined();
      expect(page.body).not.toContain('Passkey gebruiken');
      expect(login.body).not.toContain('passkey');
      expect(options.status).toBe(404);
      expect(await employee.take('credentials_set')).toBe(true);
    }
  });
});

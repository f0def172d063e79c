import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import type { AccountRecord } from '../../src/accounts/account.schema';
import { SecretsService } from '../../src/security/secrets.service';
import { WebClient, type WebPage } from '../support/browser-less';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

const HR_EMAIL = 'anouk.jansen@example.nl';
const PASSWORD = 'Zonnebloem-Veld-2026';
const CHECKS_PER_MINUTE = 5;

/** The credentials step: what the employee may change, and what the form costs the server. */
describe('the credentials step', () => {
  let h: Harness;
  let accounts: ReturnType<Connection['collection']>;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        login: { ...c.login, passwordChecksPerMinute: CHECKS_PER_MINUTE },
      }),
    });
    accounts = h.api.get<Connection>(getConnectionToken()).collection('accounts');
  });
  afterAll(async () => {
    await h.close();
  });

  const account = async (id: string) =>
    (await accounts.findOne({ _id: id as never })) as AccountRecord | null;

  /** A browser at the credentials form of a fresh onboarding. */
  async function atCredentials(): Promise<{ id: string; web: WebClient; form: WebPage }> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    const web = new WebClient(h.url);
    const login = await web.get(`/login?invite=${id}`);
    await web.post('/login/code', { code, invite: id, _csrf: WebClient.csrf(login) });
    return { id, web, form: await web.get('/account/credentials') };
  }

  const submit = (web: WebClient, form: WebPage, fields: Record<string, string>) =>
    web.post('/account/credentials', {
      _csrf: WebClient.csrf(form),
      username: `user-${Date.now().toString(36)}`,
      password: PASSWORD,
      repeat: PASSWORD,
      ...fields,
    });

  it('keeps HR’s address when someone with the code types another, until the new one confirms', async () => {
    const { id, web, form } = await atCredentials();
    const saved = await submit(web, form, { email: 'attacker@evil.example' });
    expect(saved.location).toBe('/account/2fa');
    expect((await web.get('/account/2fa')).body).toContain(
      'We hebben een mail gestuurd naar het nieuwe e-mailadres',
    );
    expect((await account(id))?.email).toBe(HR_EMAIL);

    const mails = await eventually('the confirmation and the notice', async () => {
      const all = await h.mailsFor(id);
      const confirm = all.find((m) => m.data.template === 'email_confirm');
      const notice = all.find((m) => m.data.change === 'email');
      return confirm && notice ? { confirm, notice } : undefined;
    });
    expect(mails.confirm.data.to).toBe('attacker@evil.example');
    expect(mails.notice.data.to).toBe(HR_EMAIL);

    // A reset asked for now goes to HR's address, not to the one typed.
    const other = new WebClient(h.url);
    const forgot = await other.get('/forgot-password');
    const username = (await account(id))?.username ?? '';
    await other.post('/forgot-password', { _csrf: WebClient.csrf(forgot), identifier: username });
    const reset = await eventually('the reset mail', async () =>
      (await h.mailsFor(id)).find((m) => m.data.template === 'password_reset'),
    );
    expect(reset.data.to).toBe(HR_EMAIL);

    // The link from the new mailbox: opening it changes nothing, its button does.
    const link = h.get(SecretsService).openLink(id, mails.confirm.data.linkSealed ?? '');
    const token = new URL(link).searchParams.get('token') ?? '';
    const reader = new WebClient(h.url);
    const page = await reader.get(`/confirm-email?token=${token}`);
    expect(page.body).toContain('E-mailadres bevestigen');
    expect((await account(id))?.email).toBe(HR_EMAIL);
    const confirmed = await reader.post('/confirm-email', { _csrf: WebClient.csrf(page), token });
    expect(confirmed.body).toContain('Je e-mailadres is bevestigd');
    const after = await account(id);
    expect(after?.email).toBe('attacker@evil.example');
    expect(after?.emailChanges).toEqual([
      expect.objectContaining({ from: HR_EMAIL, to: 'attacker@evil.example' }),
    ]);
    const twice = await reader.post('/confirm-email', { _csrf: WebClient.csrf(page), token });
    expect(twice.body).toContain('Deze link is verlopen of al gebruikt');
  });

  it('sends nothing when the address is HR’s, in whatever case it is typed', async () => {
    const { id, web, form } = await atCredentials();
    expect((await submit(web, form, { email: HR_EMAIL.toUpperCase() })).location).toBe(
      '/account/2fa',
    );
    const all = await h.mailsFor(id);
    expect(all.filter((m) => m.data.template === 'email_confirm')).toHaveLength(0);
  });

  it('answers a hostile address and an oversized form at once, and the API stays responsive', async () => {
    const { web, form } = await atCredentials();
    // Fits the form limit; took the old e-mail pattern seconds.
    const started = Date.now();
    const hostile = await submit(web, form, { email: `a@${'.'.repeat(7000)}@` });
    const hostileMs = Date.now() - started;
    expect(hostile.body).toContain('Dit is geen geldig e-mailadres');

    // Near 100 KB, as a script would post: refused before anything reads it.
    const big = Date.now();
    const [oversized, webhook] = await Promise.all([
      submit(web, form, { email: `a@${'.'.repeat(100_000)}@` }),
      h.hr('POST', '/api/v1/onboardings', newHire()),
    ]);
    const bigMs = Date.now() - big;
    expect(oversized.status).toBe(413);
    expect(webhook.status).toBe(202);
    // Generous for a busy CI machine: this guards against a stall of many seconds.
    expect({ hostileMs: hostileMs < 1000, bigMs: bigMs < 1000 }).toEqual({
      hostileMs: true,
      bigMs: true,
    });
  });

  it('limits the live password check per address', async () => {
    const { web, form } = await atCredentials();
    const check = () =>
      web.post('/password-check', { _csrf: WebClient.csrf(form), password: 'Abc-1234-xyz' });
    for (let i = 0; i < CHECKS_PER_MINUTE; i++) expect((await check()).status).toBe(200);
    const refused = await check();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
  });
});

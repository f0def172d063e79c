import { randomBytes } from 'node:crypto';
import { Metrics } from '../../src/metrics/metrics';
import { type WebPage } from '../support/browser-less';
import { codeInInvite, Employee } from '../support/employee';
import { Harness, newHire } from '../support/harness';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/wait';
import { WebSession } from '../support/web-session';

const PER_DAY = 3;
const ANSWER = 'Als dit adres bij een openstaande uitnodiging hoort';

interface View {
  employeeId: string;
  status: string;
  adminActions: { action: string; by: string; actor: string }[];
}

/**
 * "Geen of verlopen logincode?": one answer whatever the address, a new code to HR's address
 * (the old one dies), HR asked after expiry, and limits per address and per onboarding.
 */
describe('asking for a new login code', () => {
  let sink: SmtpSink;
  let h: Harness;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({
        ...c,
        // Each session sends its own X-Forwarded-For address.
        http: { ...c.http, trustProxyHops: 1 },
        mail: { ...c.mail, smtpUrl: sink.url },
        codeRequests: { ...c.codeRequests, perDay: PER_DAY },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  const address = (name: string) => `${name}-${randomBytes(4).toString('hex')}@example.nl`;

  async function hire(email: string, policy?: Record<string, string>): Promise<string> {
    const res = await h.hr<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ email, ...(policy ? { policy } : {}) }),
    );
    expect(res.status).toBe(202);
    return res.body.onboardingId;
  }

  async function ask(session: WebSession, email: string): Promise<WebPage> {
    const form = await session.get('/login/new-code');
    return session.post('/login/new-code', { email, _csrf: WebSession.csrf(form) });
  }

  const mailsTo = (to: string, subject: RegExp, count: number) =>
    eventually(`${count} mails "${String(subject)}" to ${to}`, () => {
      const mails = sink.to(to).filter((m) => subject.test(m.subject ?? ''));
      return Promise.resolve(mails.length >= count ? mails : undefined);
    });

  const counted = async (metric: 'codeRequests' | 'securityEvents', label: string) => {
    const { values } = await h.get(Metrics)[metric].get();
    return values.find((v) => Object.values(v.labels).includes(label))?.value ?? 0;
  };

  const view = async (id: string) => (await h.hr<View>('GET', `/api/v1/onboardings/${id}`)).body;
  const eventTypes = async (id: string) => (await h.eventsFor(id)).map((e) => e.type);

  it('answers an unknown address as a known one, and replaces the lost code at HR’s address', async () => {
    const email = address('lost');
    const id = await hire(email);
    const [invite] = await mailsTo(email, /Welkom/, 1);
    const oldCode = codeInInvite(invite!.text);
    const noMatch = await counted('codeRequests', 'no_match');

    const session = new WebSession(h.url);
    const unknown = address('nobody');
    const known = await ask(session, `  ${email.toUpperCase()} `);
    const other = await ask(session, unknown);
    expect({ status: other.status, body: other.body }).toEqual({
      status: known.status,
      body: known.body,
    });
    expect(known.status).toBe(200);
    expect(known.body).toContain(ANSWER);
    expect(known.body).toContain('href="/login"');

    // The new code goes to the address HR gave, as typed by HR; nothing to the typed ones.
    const invites = await mailsTo(email, /Welkom/, 2);
    const newCode = codeInInvite(invites[1]!.text);
    expect(newCode).toBeDefined();
    expect(newCode).not.toBe(oldCode);
    await eventually('the unknown address handled', async () =>
      (await counted('codeRequests', 'no_match')) > noMatch ? true : undefined,
    );
    expect(sink.to(unknown)).toEqual([]);
    expect(sink.to(email.toUpperCase())).toEqual([]);

    const employee = new Employee(h.url, id, `lost-${id.slice(-8).toLowerCase()}`);
    expect(await employee.redeem(oldCode!)).toBe(false);
    expect(await employee.redeem(newCode!)).toBe(true);

    // On record as the employee's own action, and HR hears of it (without secrets).
    const { adminActions, employeeId } = await view(id);
    expect(adminActions.map((a) => [a.action, a.by, a.actor])).toEqual([
      ['code_requested', 'employee', employeeId],
    ]);
    const requested = (await h.eventsFor(id)).filter((e) => e.type === 'onboarding.code_requested');
    expect(requested.map((e) => e.data)).toEqual([{ outcome: 'new_code' }]);
  });

  it(`sends at most ${PER_DAY} a day per address and per onboarding; more get the same answer and nothing`, async () => {
    const email = address('flood');
    const id = await hire(email);
    await mailsTo(email, /Welkom/, 1);
    const limited = await counted('codeRequests', 'limited');
    const limitEvents = await counted('securityEvents', 'code_request_limit');

    const session = new WebSession(h.url);
    const pages = [];
    for (let i = 0; i <= PER_DAY; i++) pages.push(await ask(session, email));
    // Another client address: the typed address's own limit.
    pages.push(await ask(new WebSession(h.url), email));
    expect(new Set(pages.map((p) => p.status))).toEqual(new Set([200]));
    for (const page of pages) expect(page.body).toContain(ANSWER);

    await eventually('two refusals', async () =>
      (await counted('codeRequests', 'limited')) >= limited + 2 ? true : undefined,
    );
    expect(await counted('securityEvents', 'code_request_limit')).toBe(limitEvents + 2);
    await eventually('three requests on record', async () =>
      (await view(id)).adminActions.length === PER_DAY ? true : undefined,
    );
    await mailsTo(email, /Welkom/, 1 + PER_DAY);

    // HR corrects the address: the onboarding's own limit still holds for the new one.
    const moved = address('moved');
    const patch = await h.hr('PATCH', `/api/v1/onboardings/${id}`, {
      onboardingId: id,
      action: 'change_contact',
      actor: 'hr@example.nl',
      reason: 'private address',
      email: moved,
    });
    expect(patch.status).toBe(200);
    await mailsTo(moved, /Welkom/, 1);
    await ask(new WebSession(h.url), moved);
    await eventually('a refusal for the onboarding', async () =>
      (await counted('codeRequests', 'limited')) >= limited + 3 ? true : undefined,
    );
    expect(sink.to(moved)).toHaveLength(1);
    expect(
      (await eventTypes(id)).filter((type) => type === 'onboarding.code_requested'),
    ).toHaveLength(PER_DAY);
  });

  it('after expiry asks HR to reissue and tells the employee so by mail', async () => {
    const email = address('expired');
    const id = await hire(email, { codeValidity: '2s' });
    await eventually(
      'expiry',
      async () => ((await view(id)).status === 'expired' ? true : undefined),
      30_000,
    );

    const page = await ask(new WebSession(h.url), email);
    expect(page.body).toContain(ANSWER);
    const [told] = await mailsTo(email, /HR gevraagd/, 1);
    expect(told!.text).toContain('verlopen');
    expect(codeInInvite(told!.text)).toBeUndefined();

    const events = await h.eventsFor(id);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['onboarding.code_requested', 'onboarding.reissue_requested']),
    );
    expect(events.find((e) => e.type === 'onboarding.code_requested')?.data).toEqual({
      outcome: 'hr_asked',
    });
    const after = await view(id);
    expect(after.status).toBe('expired');
    expect(after.adminActions.map((a) => [a.action, a.by])).toEqual([
      ['code_requested', 'employee'],
    ]);
    // No new code: only the first invite went out.
    expect(sink.to(email).filter((m) => /Welkom/.test(m.subject ?? ''))).toHaveLength(1);
  });
});

import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { SmtpSink } from '../support/smtp-sink';
import { eventually } from '../support/wait';

describe('mail through BullMQ to a real SMTP server', () => {
  let sink: SmtpSink;
  let h: Harness;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({ ...c, mail: { ...c.mail, smtpUrl: sink.url, backoffMs: 200 } }),
    });
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  async function inviteFor(hire: Record<string, unknown>) {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    expect(res.status).toBe(202);
    const mail = await eventually('the invite at the SMTP server', () =>
      Promise.resolve(sink.to(hire.email as string)[0]),
    );
    return { id: res.body.onboardingId, mail };
  }

  it('delivers the Dutch invite: greeting, link, grouped code, app stores, contact block', async () => {
    const { id, mail } = await inviteFor(newHire({ email: 'nl@example.nl' }));
    const link = `${h.config.http.publicUrl}/login?invite=${id}`;
    expect(mail.subject).toBe(`Welkom bij ${h.config.brand.name}: activeer je account`);
    expect(mail.from?.text).toContain(h.config.brand.name);
    const text = mail.text ?? '';
    expect(text).toContain('Hallo Anouk,');
    expect(text).toContain(link);
    const code =
      /Je persoonlijke logincode: ([2-9A-HJKMNP-Z]{4} [2-9A-HJKMNP-Z]{4} [2-9A-HJKMNP-Z]{4})/.exec(
        text,
      )?.[1];
    expect(code).toBeDefined();
    expect(text).toContain('apps.apple.com');
    expect(text).toContain('play.google.com');
    expect(text).toContain('Lees je deze mail op je computer?');
    expect(text).toContain(`T: ${h.config.brand.contact.phone}`);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain(code!);
    // The code in the mail is the one that works.
    await expect(
      h.get(ActivationService).redeemCode({ code: code!, clientAddress: `mail-${id}` }),
    ).resolves.toMatchObject({ onboarding: { _id: id } });
  });

  it('writes in English for an English hire', async () => {
    const { mail } = await inviteFor(newHire({ email: 'en@example.com', locale: 'en' }));
    expect(mail.subject).toBe(`Welcome to ${h.config.brand.name}: activate your account`);
    expect(mail.text).toContain('Hello Anouk,');
    expect(mail.text).toContain('Your personal login code:');
  });

  it('escapes what HR sent before it enters the HTML', async () => {
    const { mail } = await inviteFor(
      newHire({ email: 'xss@example.nl', firstName: '<img src=x onerror=alert(1)>' }),
    );
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('retries after the SMTP server refuses, and sends once', async () => {
    sink.failNext = 2;
    const { mail } = await inviteFor(newHire({ email: 'retry@example.nl' }));
    expect(mail.subject).toContain('Welkom');
    expect(sink.failNext).toBe(0);
    expect(sink.to('retry@example.nl')).toHaveLength(1);
  });
});

describe('a mail the SMTP server keeps refusing', () => {
  let sink: SmtpSink;
  let h: Harness;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    sink.failNext = Number.MAX_SAFE_INTEGER;
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({
        ...c,
        mail: { ...c.mail, smtpUrl: sink.url, attempts: 2, backoffMs: 100 },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  it('stays as a failed job after the last attempt, counted in /metrics', async () => {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    const failed = await eventually('the failed job', async () => {
      const [job] = await h.mailQueue.getFailed();
      return job?.data.onboardingId === res.body.onboardingId ? job : undefined;
    });
    expect(failed.attemptsMade).toBe(2);
    expect(failed.failedReason).toContain('try again later');
    const scrape = await fetch(`${h.url}/metrics`, {
      headers: { authorization: `Bearer ${h.config.security.opsToken ?? ''}` },
    });
    const metrics = await scrape.text();
    expect(metrics).toContain('onboarding_queue_jobs{queue="mail",state="failed"} 1');
  });
});

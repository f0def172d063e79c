import { readdir } from 'node:fs/promises';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

describe('the embedded outbox and the development mailbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({ ...c, env: 'development' }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const page = async (path: string) => {
    const res = await fetch(`${h.url}${path}`);
    return { status: res.status, text: await res.text() };
  };

  it('keeps the invite as an .eml file and shows it on /dev/mailbox with a working link', async () => {
    const res = await h.hr<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ email: 'outbox@example.nl' }),
    );
    const id = res.body.onboardingId;
    const [file] = await eventually('an .eml in the outbox', async () => {
      const files = await readdir(h.config.mail.outboxDir).catch(() => []);
      const eml = files.filter((f) => f.endsWith('.eml'));
      return eml.length > 0 ? eml : undefined;
    });

    const list = await page('/dev/mailbox');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`Welkom bij ${h.config.brand.name}`);
    expect(list.text).toContain(`/dev/mailbox/${file}`);

    const one = await page(`/dev/mailbox/${file}`);
    expect(one.text).toContain('outbox@example.nl');
    expect(one.text).toContain('Je persoonlijke logincode');
    const html = await page(`/dev/mailbox/${file}/html`);
    expect(html.text).toContain(`href="${h.config.http.publicUrl}/login?invite=${id}"`);
  });

  it('refuses names that are not outbox files', async () => {
    expect((await page('/dev/mailbox/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('does not exist for a caller a proxy forwarded', async () => {
    const headers: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { forwarded: 'for=203.0.113.7' },
    ];
    for (const header of headers) {
      expect((await fetch(`${h.url}/dev/mailbox`, { headers: header })).status).toBe(404);
    }
  });
});

describe('the development mailbox outside development', () => {
  it.each([
    ['test', {}],
    ['development with SMTP_URL', { smtpUrl: 'smtp://127.0.0.1:2525' }],
  ] as const)('does not exist in %s', async (_, mail) => {
    const h = await Harness.start({
      worker: false,
      configure: (c) => ({
        ...c,
        env: Object.keys(mail).length ? 'development' : 'test',
        mail: { ...c.mail, ...mail },
      }),
    });
    try {
      expect((await fetch(`${h.url}/dev/mailbox`)).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});

describe('in production mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      worker: false,
      configure: (c) => ({
        ...c,
        env: 'production',
        security: { ...c.security, opsToken: 'ops-token-of-at-least-24-chars' },
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('has no development mailbox', async () => {
    expect((await fetch(`${h.url}/dev/mailbox`)).status).toBe(404);
  });

  it('guards the queue dashboard with the ops token', async () => {
    const anonymous = await fetch(`${h.url}/ops/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await fetch(`${h.url}/ops/queues`, {
      headers: { authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const ops = await fetch(`${h.url}/ops/queues/api/queues`, {
      headers: { authorization: `Bearer ops-token-of-at-least-24-chars` },
    });
    expect(ops.status).toBe(200);
    const body = (await ops.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([
      'hr-events',
      'hr-inbound',
      'mail',
      'workflow-starts',
    ]);
  });
});

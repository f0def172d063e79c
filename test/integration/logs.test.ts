import { simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSync } from 'otplib/functional';
import { Webhook } from 'standardwebhooks';
import { WebClient } from '../support/browser-less';
import { freePort } from '../support/ports';
import { eventually, uniqueName } from '../support/wait';
import {
  buildService,
  killHard,
  type ServiceProcess,
  startServiceProcess,
  stopGracefully,
} from '../support/worker-process';

describe('the logs of a full run of the real processes', () => {
  const processes: ServiceProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await killHard(p.child);
  });

  it('are JSON with request ids and hold no secret, code, password, TOTP or e-mail address; metrics are served', async () => {
    const build = buildService('logs');
    const port = await freePort();
    const name = uniqueName('logs');
    const base = `http://127.0.0.1:${port}`;
    const outbox = join('var', 'test', 'outbox', name);
    const [workerMetricsPort, sdkMetricsPort] = [await freePort(), await freePort()];
    const env = {
      WORKER_METRICS_PORT: String(workerMetricsPort),
      TEMPORAL_SDK_METRICS_PORT: String(sdkMetricsPort),
      PORT: String(port),
      PUBLIC_URL: base,
      LOG_LEVEL: 'debug',
      TEMPORAL_TASK_QUEUE: name,
      REDIS_PREFIX: name,
      OUTBOX_DIR: outbox,
    };
    for (const kind of ['api', 'temporal', 'queue'] as const) {
      processes.push(await startServiceProcess(build, kind, env));
    }

    // HR sends a hire; the invite lands in the outbox.
    const email = 'log.check@example.nl';
    const body = JSON.stringify({
      employeeId: name,
      email,
      firstName: 'Lotte',
      lastName: 'Bakker',
    });
    const id = `msg_${name}`;
    const now = new Date();
    const secretHr = process.env.HR_WEBHOOK_SECRET ?? '';
    const res = await fetch(`${base}/api/v1/onboardings`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(secretHr).sign(id, now, body),
        'x-request-id': 'req-log-check-1',
      },
    });
    expect(res.status).toBe(202);
    const { onboardingId } = (await res.json()) as { onboardingId: string };
    const file = await eventually('the invite', async () => {
      const files = await readdir(outbox).catch(() => []);
      return files.find((f) => f.endsWith('.eml'));
    });
    const invite = await simpleParser(await readFile(join(outbox, file)));
    const code = /: ([A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4})/.exec(invite.text ?? '')?.[1] ?? '';

    // The employee's whole flow through the pages.
    const web = new WebClient(base);
    const login = await web.get(`/login?invite=${onboardingId}`);
    await web.post('/login/code', { code, invite: onboardingId, _csrf: WebClient.csrf(login) });
    const form = await web.get('/account/credentials');
    const password = 'Zonnebloem-Veld-2026';
    const username = `lotte-${name.slice(-6)}`;
    await web.post('/account/credentials', {
      _csrf: WebClient.csrf(form),
      email,
      username,
      password,
      repeat: password,
    });
    const twofa = await web.get('/account/2fa');
    const grouped = /id="totp-key">([^<]+)</.exec(twofa.body)?.[1]?.trim() ?? '';
    const secret = grouped.replace(/\s/g, '');
    const activated = await web.post('/account/2fa', {
      _csrf: WebClient.csrf(twofa),
      token: generateSync({ secret }),
    });
    expect(activated.location).toBe('/account/recovery-codes');
    const codesPage = await web.get('/account/recovery-codes');
    const recovery = [...codesPage.body.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1] ?? '');
    expect(recovery).toHaveLength(10);
    const forgot = await web.get('/forgot-password');
    await web.post('/forgot-password', { _csrf: WebClient.csrf(forgot), identifier: email });
    const resetFile = await eventually('the reset mail', async () => {
      const files = await readdir(outbox);
      // Its final name: the sender writes a temporary file first and renames it.
      return files.find((f) => f.includes('reset.') && f.endsWith('.eml'));
    });
    const reset = await simpleParser(await readFile(join(outbox, resetFile)));
    const token = /token=([\w-]+)/.exec(reset.text ?? '')?.[1] ?? '';
    expect(token).not.toBe('');

    // What the security log records: failures and successes of every factor, and the reset.
    const other = new WebClient(base);
    const loginForm = async () => WebClient.csrf(await other.get('/login'));
    await other.post('/login/code', { code: 'AAAA AAAA AAAA', _csrf: await loginForm() });
    await other.post('/login', {
      username,
      password: 'Wrong-Password-123',
      _csrf: await loginForm(),
    });
    const signedIn = await other.post('/login', { username, password, _csrf: await loginForm() });
    expect(signedIn.location).toBe('/login/totp');
    const totpForm = await other.get('/login/totp');
    await other.post('/login/totp', { token: '000000', _csrf: WebClient.csrf(totpForm) });
    const withRecovery = await other.post('/login/totp', {
      token: recovery[0] ?? '',
      _csrf: WebClient.csrf(totpForm),
    });
    expect(withRecovery.location).toBe('/portal');
    const newPassword = 'Tulpenveld-Akker-2027';
    const resetForm = await other.get(`/reset-password?token=${token}`);
    const resetDone = await other.post('/reset-password', {
      token,
      password: newPassword,
      repeat: newPassword,
      _csrf: WebClient.csrf(resetForm),
    });
    expect(resetDone.location).toBe('/login');

    // The worker serves its own metrics and the SDK's.
    const worker = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
    expect(worker).toMatch(/onboarding_transitions_total\{client="default",status="active"\} 1/);
    const sdk = await (await fetch(`http://127.0.0.1:${sdkMetricsPort}/metrics`)).text();
    expect(sdk).toContain('temporal_');

    // SIGTERM: each process finishes what it runs, closes its connections and ends cleanly.
    const [api, temporal, queue] = processes;
    for (const p of [api, temporal, queue]) {
      expect(await stopGracefully(p!.child)).toEqual({ code: 0, signal: null });
    }
    expect(temporal!.lines.some((l) => l.includes('temporal-worker: stopped'))).toBe(true);
    expect(queue!.lines.some((l) => l.includes('queue-worker: stopped'))).toBe(true);

    const logs = processes.flatMap((p) => p.lines);
    expect(logs.length).toBeGreaterThan(20);
    for (const line of logs) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const requestLine = logs.find((l) => l.includes('req-log-check-1'));
    expect(requestLine).toBeDefined();
    const transitions = logs
      .map((l) => JSON.parse(l) as { msg?: string; onboardingId?: string; to?: string })
      .filter((l) => l.msg === 'onboarding transition' && l.onboardingId === onboardingId);
    expect(transitions.map((t) => t.to)).toEqual([
      'invited',
      'code_redeemed',
      'credentials_set',
      'active',
    ]);
    // One structured line per security event, with who asked and in which request.
    const security = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'security event');
    const seen = new Set(security.map((l) => l.event));
    for (const event of [
      'code_redeemed',
      'two_factor_enrolled',
      'wrong_code',
      'wrong_password',
      'wrong_totp',
      'recovery_code_used',
      'login_succeeded',
      'reset_requested',
      'reset_completed',
      'sessions_revoked',
    ]) {
      expect({ event, logged: seen.has(event) }).toEqual({ event, logged: true });
    }
    for (const line of security) {
      expect([typeof line.outcome, typeof line.requestId]).toEqual(['string', 'string']);
      expect(line.clientAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    }
    const text = logs.join('\n');
    const secrets = [
      code,
      code.replace(/ /g, ''),
      password,
      newPassword,
      secret,
      grouped,
      ...recovery,
      email,
      token,
      secretHr,
      process.env.CODE_HASH_KEY ?? '',
    ];
    for (const value of secrets) {
      expect(value.length).toBeGreaterThan(5);
      expect(text.includes(value)).toBe(false);
    }
  });
});

import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

interface View {
  status: string;
  deadline: string;
  history: { to: string; by?: { actor: string; reason: string } }[];
  adminActions: { action: string; actor: string; reason: string; before: object; after: object }[];
  email: string;
  startDate: string | null;
}

const by = { actor: 'hr.admin@example.nl', reason: 'requested by the hiring manager' };

describe('steps out of order and HR admin actions', () => {
  let h: Harness;
  let activation: ActivationService;
  beforeAll(async () => {
    h = await Harness.start();
    activation = h.get(ActivationService);
  });
  afterAll(async () => {
    await h.close();
  });

  async function hire(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire(extra));
    expect(res.status).toBe(202);
    await eventually('the invite', () =>
      h.latestCode(res.body.onboardingId).catch(() => undefined),
    );
    return res.body.onboardingId;
  }
  const view = async (id: string) => (await h.hr<View>('GET', `/api/v1/onboardings/${id}`)).body;
  /** HR's signed admin call: its body names the onboarding and the action (`''` is PATCH). */
  const admin = (id: string, path: string, body: object = by, method = 'POST') =>
    h.hr<View & { type: string }>(method, `/api/v1/onboardings/${id}${path}`, {
      ...body,
      onboardingId: id,
      action: path ? path.slice(1) : 'change_contact',
    });
  const redeem = async (id: string) =>
    activation.redeemCode({ code: await h.latestCode(id), inviteRef: id, clientAddress: id });
  const credentials = (id: string) =>
    activation.setCredentials(id, {
      email: 'anouk@example.nl',
      username: `user-${id.slice(-8)}`,
      password: 'Zonnebloem-Veld-2026',
    });

  it('refuses steps out of order with a typed wrong-step answer', async () => {
    const id = await hire();
    await expect(credentials(id)).rejects.toMatchObject({ rejection: 'wrong_step' });
    await expect(activation.totpEnrolment(id)).rejects.toMatchObject({ problem: 'not_ready' });
    await redeem(id);
    // Redeeming again is fine until credentials exist (a lost browser session starts over).
    await expect(redeem(id)).resolves.toMatchObject({ onboarding: { _id: id } });
    expect((await view(id)).status).toBe('code_redeemed');
  });

  it('locks the code after 10 wrong tries and says so', async () => {
    const id = await hire();
    for (let i = 1; i <= 9; i++) {
      await expect(
        activation.redeemCode({
          code: 'AAAA AAAA AAAA',
          inviteRef: id,
          clientAddress: `lock-${id}`,
        }),
      ).rejects.toMatchObject({ problem: 'invalid_code' });
    }
    await expect(
      activation.redeemCode({ code: 'AAAA AAAA AAAA', inviteRef: id, clientAddress: `lock-${id}` }),
    ).rejects.toMatchObject({ problem: 'too_many_attempts' });
    // Even the right code waits out the lock.
    await expect(redeem(id)).rejects.toMatchObject({ problem: 'too_many_attempts' });
  });

  it('limits tries per client address, whichever codes they try', async () => {
    const address = `flood-${Date.now()}`;
    const limit = h.config.codeAttempts.maxPerAddress;
    for (let i = 0; i < limit; i++) {
      await expect(
        activation.redeemCode({ code: 'BBBB BBBB BBBB', clientAddress: address }),
      ).rejects.toMatchObject({ problem: 'invalid_code' });
    }
    const id = await hire();
    await expect(
      activation.redeemCode({ code: await h.latestCode(id), clientAddress: address }),
    ).rejects.toMatchObject({ problem: 'too_many_attempts' });
  });

  it('resend: a new code and invite; the old code stops working', async () => {
    const id = await hire();
    const oldCode = await h.latestCode(id);
    const res = await admin(id, '/resend');
    expect(res.status).toBe(200);
    const newCode = await h.latestCode(id);
    expect(newCode).not.toBe(oldCode);
    await expect(
      activation.redeemCode({ code: oldCode, inviteRef: id, clientAddress: `resend-${id}` }),
    ).rejects.toMatchObject({ problem: 'invalid_code' });
    await expect(redeem(id)).resolves.toMatchObject({ onboarding: { _id: id } });
    expect(res.body.adminActions).toEqual([
      expect.objectContaining({ action: 'resend', actor: by.actor, reason: by.reason }),
    ]);
  });

  it('extend: moves the deadline, refuses one in the past, and records who and why', async () => {
    const id = await hire();
    const past = await admin(id, '/extend', { ...by, deadline: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.type).toBe('urn:problem:onboarding:invalid-deadline');
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await admin(id, '/extend', { ...by, deadline });
    expect(res.status).toBe(200);
    expect(res.body.deadline).toBe(deadline);
    expect(res.body.adminActions[0]).toMatchObject({
      action: 'extend',
      after: { deadline },
    });
  });

  it('PATCH: a corrected address gets a fresh invite; a start date alone does not', async () => {
    const id = await hire();
    const oldCode = await h.latestCode(id);
    const res = await admin(id, '', { ...by, email: 'anouk.private@example.org' }, 'PATCH');
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('anouk.private@example.org');
    const invites = (await h.mailsFor(id)).filter((m) => m.data.template === 'invite');
    expect(invites.map((m) => m.data.to)).toEqual([
      'anouk.jansen@example.nl',
      'anouk.private@example.org',
    ]);
    await expect(
      activation.redeemCode({ code: oldCode, inviteRef: id, clientAddress: `patch-${id}` }),
    ).rejects.toMatchObject({ problem: 'invalid_code' });

    const dated = await admin(id, '', { ...by, startDate: '2027-01-04' }, 'PATCH');
    expect(dated.body.startDate).toBe('2027-01-04');
    expect((await h.mailsFor(id)).filter((m) => m.data.template === 'invite')).toHaveLength(2);
  });

  it('cancel: the code dies, the unfinished account goes, HR is told; later steps are refused', async () => {
    const id = await hire();
    await redeem(id);
    await credentials(id);
    const res = await admin(id, '/cancel');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.history.at(-1)).toEqual(expect.objectContaining({ to: 'cancelled', by }));
    await expect(activation.totpEnrolment(id)).rejects.toMatchObject({ problem: 'not_ready' });
    await expect(redeem(id)).rejects.toMatchObject({ rejection: 'cancelled' });
    const again = await admin(id, '/resend');
    expect(again.status).toBe(410);
    const events = await h.eventsFor(id);
    expect(events.at(-1)?.type).toBe('onboarding.cancelled');
  });

  it('expiry refuses the next step; reissue brings it back with finished steps kept', async () => {
    const id = await hire({
      policy: { codeValidity: '4s', inviteReminders: [], lastDayReminder: '1s' },
    });
    await redeem(id);
    await credentials(id);
    const { secret } = await activation.totpEnrolment(id);
    await eventually('expiry', async () =>
      (await view(id)).status === 'expired' ? true : undefined,
    );
    await expect(activation.activateTwoFactor(id, secret, totpNow(secret))).rejects.toMatchObject({
      rejection: 'expired',
    });
    const notExpired = await admin(await hire(), '/reissue');
    expect(notExpired.status).toBe(409);

    const res = await admin(id, '/reissue');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('credentials_set');
    expect(new Date(res.body.deadline).getTime()).toBeGreaterThan(Date.now());
    // Credentials exist, so no new code: the employee logs in and finishes 2FA.
    expect((await h.mailsFor(id)).filter((m) => m.data.template === 'invite')).toHaveLength(1);
    await activation.activateTwoFactor(id, secret, totpNow(secret, 1));
    expect((await view(id)).status).toBe('active');
  });

  it('reissue of an onboarding that expired before the code was used sends a new code', async () => {
    const id = await hire({
      policy: { codeValidity: '2s', inviteReminders: [], lastDayReminder: '1s' },
    });
    const oldCode = await h.latestCode(id);
    await eventually('expiry', async () =>
      (await view(id)).status === 'expired' ? true : undefined,
    );
    await expect(
      activation.redeemCode({ code: oldCode, inviteRef: id, clientAddress: `reissue-${id}` }),
    ).rejects.toMatchObject({ problem: 'invalid_code' });
    expect((await admin(id, '/reissue')).body.status).toBe('invited');
    const newCode = await h.latestCode(id);
    expect(newCode).not.toBe(oldCode);
    await expect(redeem(id)).resolves.toMatchObject({ onboarding: { _id: id } });
  });
});

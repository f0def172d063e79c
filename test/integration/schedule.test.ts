import { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { randomBytes } from 'node:crypto';
import { decodeSecret } from '../../src/hr-clients/standard-webhooks';
import { renderMail } from '../../src/mail/templates/render';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

const OPS_TOKEN = 'ops-token-for-the-schedule-test';
const ACME = `acme-${randomBytes(4).toString('hex')}`;
const ACME_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

interface View {
  onboardingId: string;
  status: string;
  inviteAt: string | null;
  deadline: string | null;
  timeZone: string | null;
  population: string | null;
  adminActions: { action: string; before: Record<string, string>; after: Record<string, string> }[];
}

/** A zone where it is daytime now, so a test's working hours fit in today. */
function daytimeZone(): string {
  const zones = ['UTC', 'Etc/GMT-8', 'Etc/GMT+8', 'Etc/GMT-12'];
  return zones.find((zone) => {
    const hour = DateTime.now().setZone(zone).hour;
    return hour >= 2 && hour < 20;
  })!;
}

/** Lead time (in seconds) that puts the invite for a start date of tomorrow `inSec` from now. */
function leadFor(zone: string, inSec: number): { startDate: string; lead: string } {
  const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).startOf('day');
  const lead = Math.floor((tomorrow.toMillis() - Date.now()) / 1000) - inSec;
  return { startDate: tomorrow.toISODate()!, lead: `${lead}s` };
}

describe('the start date drives the schedule (policies in seconds)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        security: { ...c.security, opsToken: OPS_TOKEN },
        hrClients: [
          ...c.hrClients,
          {
            id: ACME,
            keys: [decodeSecret(ACME_SECRET)!],
            policy: { codeValidity: '5d' },
            policies: { contractor: { codeValidity: '3d', inviteReminders: ['1d'] } },
          },
        ],
      }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const view = async (id: string) => (await h.hr<View>('GET', `/api/v1/onboardings/${id}`)).body;
  const ops = async <T>(path: string) => {
    const res = await fetch(`${h.url}/api/v1/ops${path}`, {
      headers: { authorization: `Bearer ${OPS_TOKEN}` },
    });
    return (await res.json()) as T;
  };
  const intake = async (hire: Record<string, unknown>) =>
    (await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire)).body.onboardingId;
  const mailOf = async (id: string, template: string) =>
    (await h.mailsFor(id)).find((m) => m.data.template === template);
  const workflowFound = async (query: string, workflowId: string) => {
    for await (const wf of h.get(Client).workflow.list({ query })) {
      if (wf.workflowId === workflowId) return true;
    }
    return undefined;
  };

  it('holds the invite until its lead time before the start date; ops find it meanwhile', async () => {
    const zone = daytimeZone();
    const { startDate, lead } = leadFor(zone, 8);
    const hire = newHire({
      startDate,
      timeZone: zone,
      policy: { inviteLeadTime: lead, workingHours: 'off' },
    });
    const id = await intake(hire);

    const planned = await view(id);
    expect(planned.status).toBe('scheduled');
    const inviteAt = Date.parse(planned.inviteAt!);
    expect(inviteAt).toBeGreaterThan(Date.now());
    expect(await h.mailsFor(id)).toEqual([]);
    // HR chose the moment: no code goes out early.
    const early = await h.hr<{ type: string }>('POST', `/api/v1/onboardings/${id}/resend`, {
      onboardingId: id,
      action: 'resend',
      actor: 'hr@example.nl',
      reason: 'asked for it',
    });
    expect({ status: early.status, type: early.body.type }).toEqual({
      status: 409,
      type: 'urn:problem:onboarding:wrong-step',
    });

    const soon = new Date(Date.now() + 60_000).toISOString();
    const listed = await ops<{ items: { onboardingId: string }[] }>(
      `/onboardings?status=scheduled&inviteBefore=${soon}`,
    );
    expect(listed.items.map((i) => i.onboardingId)).toContain(id);
    const query =
      `OnboardingStatus = 'scheduled' AND OnboardingInviteAt > '${new Date().toISOString()}'` +
      ` AND OnboardingInviteAt < '${soon}'`;
    await eventually('the workflow under OnboardingInviteAt', () =>
      workflowFound(query, `onboarding/default/${hire.employeeId as string}`),
    );

    const invite = await eventually('the invite at its moment', () => mailOf(id, 'invite'), 30_000);
    expect(invite.at).toBeGreaterThanOrEqual(inviteAt);
    const events = await h.untilEvent(id, 'onboarding.invited');
    expect((await view(id)).status).toBe('invited');
    expect(events.map((e) => e.type)).toEqual(['onboarding.scheduled', 'onboarding.invited']);
  });

  it('holds a reminder that falls due at night until the hire’s working day begins', async () => {
    const zone = daytimeZone();
    const now = DateTime.now().setZone(zone);
    const opens = now.plus({ seconds: 10 }).startOf('second');
    const hours = `${opens.toFormat('HH:mm:ss')}-${opens.plus({ hours: 1 }).toFormat('HH:mm:ss')}`;
    const id = await intake(
      newHire({
        timeZone: zone,
        policy: {
          codeValidity: '5m',
          inviteReminders: ['2s'],
          workingHours: { hours, days: 'mon-sun', spread: '0s' },
        },
      }),
    );
    // The invite goes at once: no start date, no lead time.
    await eventually('the invite', () => mailOf(id, 'invite'));
    const reminder = await eventually(
      'the held reminder',
      () => mailOf(id, 'reminder_code'),
      40_000,
    );
    expect(reminder.at).toBeGreaterThanOrEqual(opens.toMillis());
  });

  it('re-plans a planned invite when HR moves the start date', async () => {
    const zone = daytimeZone();
    const { startDate, lead } = leadFor(zone, 4);
    const later = DateTime.fromISO(startDate, { zone }).plus({ days: 30 }).toISODate()!;
    const id = await intake(
      newHire({
        startDate: later,
        timeZone: zone,
        policy: { inviteLeadTime: lead, workingHours: 'off' },
      }),
    );
    const first = await view(id);
    expect(first.status).toBe('scheduled');
    expect(Date.parse(first.inviteAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const moved = await h.hr<View>('PATCH', `/api/v1/onboardings/${id}`, {
      onboardingId: id,
      action: 'change_contact',
      actor: 'hr@example.nl',
      reason: 'starts a month earlier',
      startDate,
    });
    expect(moved.status).toBe(200);
    const change = moved.body.adminActions.find((a) => a.action === 'change_contact')!;
    expect(change.before.inviteAt).toBe(first.inviteAt);
    expect(Date.parse(change.after.inviteAt!) - Date.now()).toBeLessThan(10_000);

    await eventually('the invite at the new moment', () => mailOf(id, 'invite'), 30_000);
    await eventually('invited', async () =>
      (await view(id)).status === 'invited' ? true : undefined,
    );
  });

  it("moves a planned invite with the hire's time zone when HR changes it", async () => {
    const startDate = DateTime.utc().plus({ days: 40 }).toISODate();
    const id = await intake(
      newHire({
        startDate,
        timeZone: 'Etc/GMT-8',
        policy: { inviteLeadTime: '1d', workingHours: 'off' },
      }),
    );
    const first = await view(id);
    expect(first.status).toBe('scheduled');

    const moved = await h.hr<View>('PATCH', `/api/v1/onboardings/${id}`, {
      onboardingId: id,
      action: 'change_contact',
      actor: 'hr@example.nl',
      reason: 'works from the other office',
      timeZone: 'Etc/GMT+8',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.timeZone).toBe('Etc/GMT+8');
    const change = moved.body.adminActions.find((a) => a.action === 'change_contact')!;
    expect(change.before).toMatchObject({ timeZone: 'Etc/GMT-8', inviteAt: first.inviteAt });
    expect(change.after.timeZone).toBe('Etc/GMT+8');
    // Midnight of the start date comes 16 hours later in UTC-8 than in UTC+8.
    expect(Date.parse(change.after.inviteAt!) - Date.parse(first.inviteAt!)).toBe(16 * 3_600_000);
  });

  it('tells the manager once, without the code, after the last reminder went unanswered', async () => {
    const hire = newHire({
      manager: { name: 'Mara de Vries', email: 'mara.devries@example.nl' },
      policy: {
        codeValidity: '12s',
        inviteReminders: ['1s'],
        lastDayReminder: '1s',
        escalateAfter: '2s',
        expiredRetention: '1h',
        workingHours: 'off',
      },
    });
    const id = await intake(hire);
    const events = await h.untilEvent(id, 'onboarding.expired', 40_000);
    expect((await view(id)).status).toBe('expired');

    const escalations = (await h.mailsFor(id)).filter((m) => m.data.template === 'escalation');
    expect(escalations).toHaveLength(1);
    const { data } = escalations[0]!;
    expect(data).toMatchObject({ to: 'mara.devries@example.nl', about: { step: 'redeem_code' } });
    expect(data.codeSealed).toBeUndefined();
    // The code the hire's invite carried: the manager's mail must not hold it.
    const code = await h.latestCode(id);
    const mail = renderMail(data, { brand: h.config.brand, loginUrl: h.url });
    expect(mail.text).toContain(`${hire.firstName as string} ${hire.lastName as string}`);
    expect(mail.text).toContain('logincode invoeren');
    expect(mail.text.replace(/\s/g, '')).not.toContain(code.replace(/\s/g, ''));

    const escalated = events.filter((e) => e.type === 'onboarding.escalated');
    expect(escalated.map((e) => e.data)).toEqual([
      { step: 'redeem_code', managerMailed: 'mara.devries@example.nl' },
    ]);
    // After the reminders, before the expiry.
    const types = events.map((e) => e.type);
    expect(types.indexOf('onboarding.escalated')).toBeGreaterThan(
      types.indexOf('onboarding.reminder_sent'),
    );
    expect(types.indexOf('onboarding.escalated')).toBeLessThan(types.indexOf('onboarding.expired'));
  });

  it('runs a hire under their population’s policy, and refuses a population the client lacks', async () => {
    const hire = newHire({ population: 'contractor' });
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire, {
      secret: ACME_SECRET,
    });
    expect(res.status).toBe(202);
    const id = res.body.onboardingId;
    const contractor = await eventually('the invite', async () => {
      const v = await h.hr<View>('GET', `/api/v1/onboardings/${id}`, undefined, {
        secret: ACME_SECRET,
      });
      return v.body.status === 'invited' && v.body.deadline ? v.body : undefined;
    });
    expect(contractor.population).toBe('contractor');
    // The contractor policy's 3 days, not the deployment's 7.
    const days = (Date.parse(contractor.deadline!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    const listed = await ops<{ items: { onboardingId: string }[] }>(
      `/onboardings?client=${ACME}&population=contractor`,
    );
    expect(listed.items.map((i) => i.onboardingId)).toEqual([id]);
    await eventually('the workflow under OnboardingPolicy', () =>
      workflowFound(
        `OnboardingPolicy = 'contractor' AND HrClient = '${ACME}'`,
        `onboarding/${ACME}/${hire.employeeId as string}`,
      ),
    );

    // Without a population: the client's own policy (5 days) over the deployment's.
    const plain = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire(), {
      secret: ACME_SECRET,
    });
    const employee = await eventually('the other invite', async () => {
      const path = `/api/v1/onboardings/${plain.body.onboardingId}`;
      const v = await h.hr<View>('GET', path, undefined, { secret: ACME_SECRET });
      return v.body.deadline ? v.body : undefined;
    });
    expect(employee.population).toBeNull();
    expect((Date.parse(employee.deadline!) - Date.now()) / 86_400_000).toBeGreaterThan(4.9);

    const unknown = await h.hr<{ type: string; detail: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ population: 'intern' }),
      { secret: ACME_SECRET },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toBe('urn:problem:onboarding:unknown-population');
    expect(unknown.body.detail).toContain('contractor');
  });

  it("refuses a hire's own policy whose invite would go before its code could last", async () => {
    const res = await h.hr<{ type: string; errors: { field: string; message: string }[] }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ startDate: '2027-06-01', policy: { inviteLeadTime: '14d', codeValidity: '3d' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:problem:onboarding:policy-conflict');
    expect(res.body.errors).toEqual([
      {
        field: 'policy',
        message:
          'inviteLeadTime (14d) is longer than codeValidity (3d): the code would expire before the start date',
      },
    ]);
  });
});

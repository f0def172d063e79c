import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { holdClose } from '../support/hold-close';
import { eventually } from '../support/wait';

interface View {
  status: string;
  remindersSent: number;
}

describe('reminders and expiry (policies in seconds)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  const view = async (id: string) => (await h.hr<View>('GET', `/api/v1/onboardings/${id}`)).body;
  const reissue = (id: string, reason: string) =>
    h.hr<{ type: string }>('POST', `/api/v1/onboardings/${id}/reissue`, {
      onboardingId: id,
      action: 'reissue',
      actor: 'hr@example.nl',
      reason,
    });
  const templates = async (id: string) => (await h.mailsFor(id)).map((m) => m.data.template);

  it('reminds twice, then on the last day, expires at the deadline, and frees the hire', async () => {
    const hire = newHire({
      policy: {
        codeValidity: '6s',
        inviteReminders: ['1s', '2s'],
        lastDayReminder: '3s',
        expiredRetention: '2s',
      },
    });
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    const id = res.body.onboardingId;

    const events = await h.untilEvent(id, 'onboarding.expired', 30_000);
    expect((await view(id)).status).toBe('expired');
    expect((await view(id)).remindersSent).toBe(3);
    expect(await templates(id)).toEqual([
      'invite',
      'reminder_code',
      'reminder_code',
      'reminder_last_day',
      'expired',
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'onboarding.invited',
      'onboarding.reminder_sent',
      'onboarding.reminder_sent',
      'onboarding.reminder_sent',
      'onboarding.expired',
    ]);

    // After the retention time nobody reissued it: the workflow ends and HR may start anew.
    const next = await eventually(
      'a fresh onboarding for the same hire',
      async () => {
        const again = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
        return again.body.onboardingId !== id ? again.body.onboardingId : undefined;
      },
      30_000,
    );
    // Its own run, not the ending one of the expired onboarding: its invite goes out.
    await eventually('the fresh onboarding’s invite', () =>
      h.latestCode(next).catch(() => undefined),
    );
    expect((await view(next)).status).toBe('invited');

    // Its workflow has closed: a late reissue is told it expired, not that it is complete.
    await h.runEnded(id);
    const late = await reissue(id, 'back from holiday');
    expect({ status: late.status, type: late.body.type }).toEqual({
      status: 410,
      type: 'urn:problem:onboarding:expired',
    });
  });

  it('refuses a reissue that reaches the run while it closes its record, and sends no code', async () => {
    const hire = newHire({
      policy: {
        codeValidity: '2s',
        inviteReminders: [],
        lastDayReminder: '1s',
        expiredRetention: '1s',
      },
    });
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    const id = res.body.onboardingId;
    // A slow close, as a stalled database makes it: the run's task is kept alive meanwhile,
    // and the server hands it the update that comes in.
    const held = holdClose(h, id, 'before');
    try {
      await held.reached();
      const late = await reissue(id, 'just in time');
      expect({ status: late.status, type: late.body.type }).toEqual({
        status: 410,
        type: 'urn:problem:onboarding:expired',
      });
    } finally {
      held.restore();
    }
    await h.runEnded(id);
    expect((await view(id)).status).toBe('expired');
    expect((await templates(id)).filter((t) => t === 'invite')).toHaveLength(1);
    const types = (await h.eventsFor(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'onboarding.invited')).toHaveLength(1);
    expect(types.at(-1)).toBe('onboarding.expired');
  });

  it('reminds the employee to finish when setup stalls after the code', async () => {
    const res = await h.hr<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ policy: { stallReminder: '1s', inviteReminders: [] } }),
    );
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    await h.get(ActivationService).redeemCode({ code, clientAddress: `stall-${id}` });
    await eventually('the reminder', async () =>
      (await templates(id)).includes('reminder_finish') ? true : undefined,
    );
    expect((await view(id)).remindersSent).toBe(1);
    expect(await templates(id)).toEqual(['invite', 'reminder_finish']);
  });
});

// `npm run histories:record`: runs the scenarios below on the real servers and saves their
// workflow histories for the replay test, into histories/<release>/ for the release in
// package.json. Record once per release; never overwrite an earlier release's folder.
import { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivationService } from '../../src/activation/activation.service';
import { CodeRequests } from '../../src/activation/code-requests.service';
import { OnboardingsService, OPS } from '../../src/onboardings/onboardings.service';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';
import { version } from '../../package.json';

const by = { actor: 'recorder', reason: 'history for the replay test' };

describe('record workflow histories', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  async function save(name: string, employeeId: string): Promise<void> {
    const history = await h
      .get(Client)
      .workflow.getHandle(`onboarding/default/${employeeId}`)
      .fetchHistory();
    // One folder per release (package.json's version); list a new one in releases.ts.
    const dir = join(__dirname, 'histories', version);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), historyToJSON(history));
  }

  async function start(
    policy?: object,
    email?: string,
  ): Promise<{ id: string; employeeId: string }> {
    const hire = newHire({ ...(policy ? { policy } : {}), ...(email ? { email } : {}) });
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    await eventually('the invite', () =>
      h.latestCode(res.body.onboardingId).catch(() => undefined),
    );
    return { id: res.body.onboardingId, employeeId: hire.employeeId as string };
  }

  /** HR's signed admin call: the body names the onboarding and the action. */
  const admin = (id: string, path: string, action: string, body: object = by) =>
    h.hr(path ? 'POST' : 'PATCH', `/api/v1/onboardings/${id}${path}`, {
      ...body,
      onboardingId: id,
      action,
    });

  const status = async (id: string) =>
    (await h.hr<{ status: string }>('GET', `/api/v1/onboardings/${id}`)).body.status;

  /** The employee's steps from the latest code; a re-enrolment has its credentials. */
  async function complete(id: string, credentials = true): Promise<void> {
    const activation = h.get(ActivationService);
    await activation.redeemCode({ code: await h.latestCode(id), clientAddress: `rec-${id}` });
    if (credentials) {
      await activation.setCredentials(id, {
        email: 'anouk@example.nl',
        username: `rec-${id.slice(-8)}`,
        password: 'Zonnebloem-Veld-2026',
      });
    }
    const { secret } = await activation.totpEnrolment(id);
    await activation.activateTwoFactor(id, secret, totpNow(secret));
    await eventually('completion', async () =>
      (await status(id)) === 'active' ? true : undefined,
    );
  }

  it('happy path with a resend and an extension', async () => {
    const { id, employeeId } = await start();
    await admin(id, '/resend', 'resend');
    await admin(id, '/extend', 'extend', {
      ...by,
      deadline: new Date(Date.now() + 9 * 86_400_000).toISOString(),
    });
    await complete(id);
    await save('happy-path', employeeId);
  });

  it('a 2FA reset and the new enrolment', async () => {
    const { id, employeeId } = await start();
    await complete(id);
    await h.get(OnboardingsService).resetTwoFactor(OPS, id, by);
    await complete(id, false);
    // The latest run of the workflow id: the one the reset started.
    await save('reenrolment', employeeId);
  });

  it('reminders, expiry, reissue and cancel', async () => {
    const { id, employeeId } = await start({
      codeValidity: '4s',
      inviteReminders: ['1s'],
      lastDayReminder: '2s',
    });
    await eventually('expiry', async () => ((await status(id)) === 'expired' ? true : undefined));
    await admin(id, '/reissue', 'reissue');
    await admin(id, '', 'change_contact', { ...by, email: 'anouk.new@example.nl' });
    await admin(id, '/cancel', 'cancel');
    await eventually('cancellation', async () =>
      (await status(id)) === 'cancelled' ? true : undefined,
    );
    await save('expire-reissue-cancel', employeeId);
  });

  it('code requests: a new code, then after expiry HR asked', async () => {
    // An address of its own: the request reaches every open onboarding sent there.
    const email = `rec-${Date.now().toString(36)}@example.nl`;
    const { id, employeeId } = await start({ codeValidity: '4s' }, email);
    const requests = h.get(CodeRequests);
    await requests.request(email, `rec-${id}`);
    await eventually('expiry', async () => ((await status(id)) === 'expired' ? true : undefined));
    await requests.request(email, `rec-${id}`);
    await save('code-requests', employeeId);
  });

  it('a planned invite moved by HR, then reminders, escalation, expiry and cancel', async () => {
    // The invite is planned a month out, then the start date moves to today: it goes at once.
    // (A lead time longer than the code's 6 s of validity is refused.)
    const today = DateTime.utc().startOf('day');
    const hire = newHire({
      startDate: today.plus({ days: 30 }).toISODate(),
      timeZone: 'UTC',
      manager: { name: 'Mara de Vries', email: 'mara@example.nl' },
      policy: {
        inviteLeadTime: '6s',
        workingHours: 'off',
        codeValidity: '6s',
        inviteReminders: ['1s'],
        lastDayReminder: '1s',
        escalateAfter: '1s',
      },
    });
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    const id = res.body.onboardingId;
    await eventually('scheduled', async () =>
      (await status(id)) === 'scheduled' ? true : undefined,
    );
    await admin(id, '', 'change_contact', { ...by, startDate: today.toISODate() });
    await eventually('expiry', async () => ((await status(id)) === 'expired' ? true : undefined));
    await admin(id, '/cancel', 'cancel');
    await eventually('cancellation', async () =>
      (await status(id)) === 'cancelled' ? true : undefined,
    );
    await save('schedule-escalation', hire.employeeId as string);
  });
});

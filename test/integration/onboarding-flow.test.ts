import { Client } from '@temporalio/client';
import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

interface Accepted {
  onboardingId: string;
  status: string;
  statusUrl: string;
}
interface View {
  status: string;
  currentStep: string | null;
  deadline: string;
  remindersSent: number;
  history: { from: string | null; to: string }[];
}

describe('an onboarding from webhook to active account', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  async function view(id: string): Promise<View> {
    const res = await h.hr<View>('GET', `/api/v1/onboardings/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('invites, redeems, sets credentials, activates 2FA, and tells HR each step', async () => {
    const activation = h.get(ActivationService);
    const hire = newHire({ locale: 'en' });
    const employeeId = String(hire.employeeId);
    const created = await h.hr<Accepted>('POST', '/api/v1/onboardings', hire);
    expect(created.status).toBe(202);
    const { onboardingId, statusUrl } = created.body;
    expect(statusUrl).toBe(`${h.config.http.publicUrl}/api/v1/onboardings/${onboardingId}`);

    const code = await eventually('the invite', () =>
      h.latestCode(onboardingId).catch(() => undefined),
    );
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    await eventually('status invited with a deadline', async () => {
      const v = await view(onboardingId);
      return v.history.length === 1 ? v : undefined;
    });

    // Typed as the employee would: lower case, grouped with spaces.
    const spaced = code.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');
    await expect(
      activation.redeemCode({ code: spaced, clientAddress: '10.0.0.1' }),
    ).resolves.toMatchObject({ onboarding: { _id: onboardingId } });
    expect((await view(onboardingId)).currentStep).toBe('set_credentials');
    // Ops find it in the Web UI by its search attributes.
    const query =
      `OnboardingStatus = 'code_redeemed' AND HrClient = 'default' ` +
      `AND OnboardingStepSince > '${new Date(Date.now() - 60_000).toISOString()}' ` +
      `AND OnboardingDeadline > '${new Date().toISOString()}'`;
    const found = await eventually('the workflow under its search attributes', async () => {
      for await (const wf of h.get(Client).workflow.list({ query })) {
        if (wf.workflowId === `onboarding/default/${employeeId}`) return true;
      }
      return undefined;
    });
    expect(found).toBe(true);

    await activation.setCredentials(onboardingId, {
      email: hire.email as string,
      username: `anouk-${onboardingId.slice(-6)}`,
      password: 'Zonnebloem-Veld-2026',
    });
    expect((await view(onboardingId)).currentStep).toBe('activate_2fa');
    // The code is dead once credentials exist.
    await expect(activation.redeemCode({ code, clientAddress: '10.0.0.1' })).rejects.toMatchObject({
      problem: 'invalid_code',
    });

    const { otpauthUri, secret } = await activation.totpEnrolment(onboardingId);
    expect(otpauthUri).toContain(`issuer=${encodeURIComponent(h.config.brand.name)}`);
    const { recoveryCodes } = await activation.activateTwoFactor(
      onboardingId,
      secret,
      totpNow(secret),
    );
    expect(recoveryCodes).toHaveLength(10);

    const done = await view(onboardingId);
    expect(done.status).toBe('active');
    expect(done.currentStep).toBeNull();
    expect(done.history.map((t) => t.to)).toEqual([
      'invited',
      'code_redeemed',
      'credentials_set',
      'active',
    ]);
    const events = await eventually('all events', async () => {
      const list = await h.eventsFor(onboardingId);
      return list.length === 4 ? list : undefined;
    });
    expect(events.map((e) => e.type)).toEqual([
      'onboarding.invited',
      'onboarding.code_redeemed',
      'onboarding.credentials_set',
      'onboarding.activated',
    ]);
    const mails = (await h.mailsFor(onboardingId)).map((m) => m.data.template);
    expect(mails).toEqual(['invite', 'activated']);

    // Metrics: the worker counted the transitions and timed the steps; the API its requests.
    const worker = await h.workerMetrics();
    expect(worker).toMatch(
      /onboarding_transitions_total\{client="default",status="active"\} [1-9]/,
    );
    expect(worker).toMatch(
      /onboarding_step_duration_seconds_count\{status="credentials_set"\} [1-9]/,
    );
    expect(worker).toMatch(/onboarding_time_to_activation_seconds_count [1-9]/);
    const api = await (
      await fetch(`${h.url}/metrics`, {
        headers: { authorization: `Bearer ${h.config.security.opsToken ?? ''}` },
      })
    ).text();
    expect(api).toMatch(/onboarding_onboardings\{client="default",status="active"\} [1-9]/);
    expect(api).toMatch(
      /onboarding_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/onboardings",status="202"\} [1-9]/,
    );
    expect(api).toMatch(/onboarding_security_events_total\{event="wrong_code"\} [1-9]/);
  });
});

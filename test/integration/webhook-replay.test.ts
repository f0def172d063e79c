import { Harness, newHire } from '../support/harness';
import { signedHeaders } from '../support/hr-client';
import { eventually } from '../support/wait';

interface View {
  onboardingId: string;
  status: string;
  adminActions: { action: string }[];
}

interface Problem {
  type: string;
  errors?: { field: string }[];
}

/** A signed request as it crossed the wire: what a proxy log or a captured trace would hold. */
interface Captured {
  method: string;
  path: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * An attacker who captured signed HR requests (from a proxy, a log, a trace) and sends them
 * again within the timestamp tolerance, to the same route or to another one.
 */
describe('replayed HR signatures', () => {
  let h: Harness;
  const secret = () => process.env.HR_WEBHOOK_SECRET ?? '';

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  function capture(method: string, path: string, body?: object): Captured {
    const payload = body === undefined ? '' : JSON.stringify(body);
    return { method, path, body: payload, headers: signedHeaders(secret(), payload) };
  }

  const send = <T>(c: Captured, path = c.path) =>
    h.request<T>(c.method, path, c.body || undefined, c.headers);

  async function hire(): Promise<string> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    expect(res.status).toBe(202);
    const id = res.body.onboardingId;
    await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    return id;
  }

  const view = async (id: string) => (await h.hr<View>('GET', `/api/v1/onboardings/${id}`)).body;
  const cancelOf = (id: string) => ({
    onboardingId: id,
    action: 'cancel',
    actor: 'hr.admin@example.nl',
    reason: 'offer withdrawn',
  });

  it('refuses a captured cancel sent to another onboarding, and answers its own again without acting twice', async () => {
    const [a, b] = [await hire(), await hire()];
    const cancelA = capture('POST', `/api/v1/onboardings/${a}/cancel`, cancelOf(a));
    const first = await send<View>(cancelA);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('cancelled');

    const onB = await send<Problem>(cancelA, `/api/v1/onboardings/${b}/cancel`);
    expect(onB.status).toBe(409);
    expect(onB.contentType).toMatch(/^application\/problem\+json/);
    expect(onB.body.type).toBe('urn:problem:onboarding:webhook-id-reused');
    expect((await view(b)).status).toBe('invited');

    const again = await h.request<View>(
      cancelA.method,
      cancelA.path,
      cancelA.body,
      cancelA.headers,
    );
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const actions = (await view(a)).adminActions.map((x) => x.action);
    expect(actions).toEqual(['cancel']);
  });

  it('refuses a captured intake, resend or status read replayed onto another route', async () => {
    const target = await hire();
    const intake = capture('POST', '/api/v1/onboardings', newHire());
    expect((await send(intake)).status).toBe(202);
    const read = capture('GET', `/api/v1/onboardings/${target}`);
    expect((await send(read)).status).toBe(200);
    const resend = capture('POST', `/api/v1/onboardings/${target}/resend`, {
      ...cancelOf(target),
      action: 'resend',
    });
    expect((await send(resend)).status).toBe(200);

    for (const captured of [intake, read, resend]) {
      const replayed = await h.request<Problem>(
        'POST',
        `/api/v1/onboardings/${target}/cancel`,
        captured.body || undefined,
        captured.headers,
      );
      expect(replayed.status).toBe(409);
      expect(replayed.body.type).toBe('urn:problem:onboarding:webhook-id-reused');
    }
    expect((await view(target)).status).toBe('invited');
  });

  it('takes a signed action only for the onboarding and action its body names', async () => {
    const [a, b] = [await hire(), await hire()];
    const elsewhere = await h.hr<Problem>('POST', `/api/v1/onboardings/${b}/cancel`, cancelOf(a));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.type).toBe('urn:problem:onboarding:target-mismatch');
    const otherAction = await h.hr<Problem>('POST', `/api/v1/onboardings/${a}/cancel`, {
      ...cancelOf(a),
      action: 'resend',
    });
    expect(otherAction.status).toBe(400);
    expect(otherAction.body.errors?.map((e) => e.field)).toContain('action');
    const unnamed = await h.hr<Problem>('POST', `/api/v1/onboardings/${a}/cancel`, {
      actor: 'hr.admin@example.nl',
      reason: 'no target named',
    });
    expect(unnamed.status).toBe(400);
    expect((await view(a)).status).toBe('invited');
    expect((await view(b)).status).toBe('invited');
  });

  it('answers the same request sent twice at once with one answer and one action', async () => {
    const id = await hire();
    const resend = capture('POST', `/api/v1/onboardings/${id}/resend`, {
      ...cancelOf(id),
      action: 'resend',
    });
    const [one, two] = await Promise.all([send<View>(resend), send<View>(resend)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(two.body).toEqual(one.body);
    expect((await view(id)).adminActions.map((x) => x.action)).toEqual(['resend']);
    const invites = (await h.mailsFor(id)).filter((m) => m.data.template === 'invite');
    expect(invites).toHaveLength(2);
  });
});

import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ActivationService } from '../../src/activation/activation.service';
import { OnboardingGateway } from '../../src/onboardings/onboarding.gateway';
import { OnboardingRepository } from '../../src/onboardings/onboarding.repository';
import { Harness, newHire } from '../support/harness';
import { holdClose } from '../support/hold-close';
import { eventually } from '../support/wait';

interface Problem {
  type: string;
  title: string;
  status: number;
  errors?: { field: string; message: string }[];
}

describe('the HR webhook', () => {
  let h: Harness;
  let onboardings: ReturnType<Connection['collection']>;
  beforeAll(async () => {
    h = await Harness.start();
    onboardings = h.api.get<Connection>(getConnectionToken()).collection('onboardings');
  });
  afterAll(async () => {
    await h.close();
  });

  const stored = (employeeId: string) => onboardings.countDocuments({ employeeId });

  it.each([
    ['a wrong secret', { secret: `whsec_${randomBytes(24).toString('base64')}` }, 'bad-signature'],
    ['a stale timestamp', { at: new Date(Date.now() - 6 * 60_000) }, 'stale-timestamp'],
  ])('refuses %s with 401 problem+json and stores nothing', async (_, options, slug) => {
    const hire = newHire();
    const res = await h.hr<Problem>('POST', '/api/v1/onboardings', hire, options);
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe(`urn:problem:onboarding:webhook-${slug}`);
    expect(await stored(hire.employeeId as string)).toBe(0);
  });

  it('refuses a body changed after signing, and a request without signature headers', async () => {
    const hire = newHire();
    const signedFor = JSON.stringify(hire);
    const tampered = await h.request<Problem>(
      'POST',
      '/api/v1/onboardings',
      JSON.stringify({ ...hire, email: 'attacker@example.com' }),
      signedHeaders(signedFor),
    );
    expect(tampered.status).toBe(401);
    const unsigned = await h.request<Problem>('POST', '/api/v1/onboardings', signedFor);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.type).toBe('urn:problem:onboarding:webhook-missing-headers');
    expect(await stored(hire.employeeId as string)).toBe(0);
  });

  it('lists each bad field in a 400 problem', async () => {
    const res = await h.hr<Problem>('POST', '/api/v1/onboardings', {
      employeeId: '',
      email: 'not-an-address',
      firstName: 'Anouk',
      locale: 'de',
      surprise: true,
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    const fields = (res.body.errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(['(body)', 'email', 'employeeId', 'lastName', 'locale']);
  });

  it('answers 413 for a body over 64 KiB', async () => {
    const res = await h.hr<Problem>(
      'POST',
      '/api/v1/onboardings',
      newHire({ metadata: { note: 'x'.repeat(70 * 1024) } }),
    );
    expect(res.status).toBe(413);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
  });

  it('answers a redelivered webhook-id with the first answer, and refuses the id for another body', async () => {
    const hire = newHire();
    const webhookId = `msg_${randomBytes(6).toString('hex')}`;
    const first = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire, {
      webhookId,
    });
    const again = await h.request<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      JSON.stringify(hire),
      signedHeaders(JSON.stringify(hire), webhookId),
    );
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    const changed = await h.hr<Problem>(
      'POST',
      '/api/v1/onboardings',
      { ...hire, firstName: 'Changed' },
      { webhookId },
    );
    expect(changed.status).toBe(409);
    expect(changed.contentType).toMatch(/^application\/problem\+json/);
    expect(changed.body.type).toBe('urn:problem:onboarding:webhook-id-reused');
    expect(await stored(hire.employeeId as string)).toBe(1);
  });

  it('turns 20 concurrent duplicates into one onboarding, one workflow and one invite', async () => {
    const hire = newHire();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.body.onboardingId));
    expect(ids.size).toBe(1);
    const [onboardingId] = [...ids];
    expect(await stored(hire.employeeId as string)).toBe(1);

    await eventually('the invite', async () =>
      (await h.mailsFor(onboardingId!)).length > 0 ? true : undefined,
    );
    const query = `WorkflowId = 'onboarding/default/${String(hire.employeeId)}'`;
    const runs = await eventually('the run in visibility', async () => {
      const { count } = await h.get(Client).workflow.count(query);
      return count > 0 ? count : undefined;
    });
    expect(runs).toBe(1);
    const invites = (await h.mailsFor(onboardingId!)).filter((m) => m.data.template === 'invite');
    expect(invites).toHaveLength(1);
  });

  it("starts a new onboarding's own run, never the earlier one still ending for the same hire", async () => {
    const hire = newHire();
    const first = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    const earlier = first.body.onboardingId;
    await eventually('the first invite', () => h.latestCode(earlier).catch(() => undefined));
    // As an ending run leaves it: its record closed (its last act), the run not yet ended.
    await h.api.get(OnboardingRepository).close(earlier);

    const webhookId = `msg_${randomBytes(6).toString('hex')}`;
    const early = await h.hr<Problem>('POST', '/api/v1/onboardings', hire, { webhookId });
    expect({ status: early.status, type: early.body.type }).toEqual({
      status: 503,
      type: 'urn:problem:onboarding:earlier-onboarding-ending',
    });
    const records = await onboardings.find({ employeeId: hire.employeeId }).toArray();
    const kept = records.map((r) => String(r._id)).find((id) => id !== earlier);
    expect(kept).toBeDefined();

    // The earlier run ends, as it would a moment later; HR's retry (same webhook-id) starts
    // the new onboarding's own run.
    await h
      .get(Client)
      .workflow.getHandle(`onboarding/default/${String(hire.employeeId)}`)
      .terminate();
    const retried = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire, {
      webhookId,
    });
    expect(retried.status).toBe(202);
    const later = retried.body.onboardingId;
    expect(later).toBe(kept);
    const code = await eventually('the new onboarding’s invite', () =>
      h.latestCode(later).catch(() => undefined),
    );
    await expect(
      h
        .get(ActivationService)
        .redeemCode({ code, inviteRef: later, clientAddress: `rehire-${later}` }),
    ).resolves.toMatchObject({ onboarding: { _id: later } });
  });

  it("waits for the earlier onboarding's run to end, then starts the new onboarding's own", async () => {
    const hire = newHire();
    const first = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    const earlier = first.body.onboardingId;
    await eventually('the first invite', () => h.latestCode(earlier).catch(() => undefined));
    // The earlier run closes its record and then stalls, until the intake waits for its end.
    const held = holdClose(h, earlier, 'after');
    const gateway = h.get(OnboardingGateway);
    const waitForEnd = gateway.waitForEnd.bind(gateway);
    const waited = jest.spyOn(gateway, 'waitForEnd').mockImplementation((run, timeoutMs) => {
      held.release();
      return waitForEnd(run, timeoutMs);
    });
    try {
      const cancelled = await h.hr('POST', `/api/v1/onboardings/${earlier}/cancel`, {
        onboardingId: earlier,
        action: 'cancel',
        actor: 'hr@example.nl',
        reason: 'offer withdrawn',
      });
      expect(cancelled.status).toBe(200);
      await held.reached();

      const again = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
      expect(again.status).toBe(202);
      expect(waited).toHaveBeenCalledTimes(1);
      const later = again.body.onboardingId;
      expect(later).not.toBe(earlier);
      await eventually('the new onboarding’s invite', () =>
        h.latestCode(later).catch(() => undefined),
      );
    } finally {
      held.restore();
      waited.mockRestore();
    }
  });

  function signedHeaders(
    body: string,
    id = `msg_${randomBytes(6).toString('hex')}`,
  ): Record<string, string> {
    const now = new Date();
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(process.env.HR_WEBHOOK_SECRET ?? '').sign(id, now, body),
    };
  }
});

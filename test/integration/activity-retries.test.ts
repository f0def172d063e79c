import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { IssueCodeInput } from '../../workflows/onboarding.types';
import { ActivationService } from '../../src/activation/activation.service';
import { Metrics } from '../../src/metrics/metrics';
import { OnboardingLifecycle } from '../../src/onboardings/onboarding-lifecycle.service';
import type { OnboardingRecord } from '../../src/onboardings/onboarding.schema';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';

/**
 * Temporal retries an activity that failed halfway (Redis down after the database write, a
 * worker killed): the retry must finish the work without doing any of it twice.
 */
describe('a retried first-code activity', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  const db = () => h.api.get<Connection>(getConnectionToken());
  const records = () => db().collection<OnboardingRecord>('onboardings');

  /** A new hire once its workflow has stored the first code and the invited transition. */
  async function invited(): Promise<{ id: string; record: OnboardingRecord }> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    expect(res.status).toBe(202);
    const id = res.body.onboardingId;
    await eventually('the invited event', async () =>
      (await h.eventsFor(id)).length === 1 ? true : undefined,
    );
    const record = await records().findOne({ _id: id });
    return { id, record: record! };
  }

  /** The activity's input as the workflow gave it for the run's first code. */
  function firstCode(record: OnboardingRecord): IssueCodeInput {
    const deadline = record.deadline!.getTime();
    return {
      onboardingId: record._id,
      codeVersion: 1,
      deadline,
      transition: {
        onboardingId: record._id,
        seq: 1,
        from: null,
        to: 'invited',
        at: record.stepSince.getTime(),
        deadline,
      },
    };
  }

  const retry = (input: IssueCodeInput) =>
    h.workerContexts.temporal!.get(OnboardingLifecycle).issueCode(input);

  /** The worker's count of transitions into `invited` for the client (its /metrics counter). */
  async function invitedCount(clientId: string): Promise<number> {
    const { values } = await h.workerContexts.temporal!.get(Metrics).transitions.get();
    return (
      values.find((v) => v.labels.client === clientId && v.labels.status === 'invited')?.value ?? 0
    );
  }

  it('after the whole write, its invite not queued yet: the stored code is sent, nothing recorded twice', async () => {
    const { id, record } = await invited();
    const code = await h.latestCode(id);
    // As a try leaves it that stored everything and then lost Redis before queueing the mail.
    await h.mailQueue.remove(`invite.${id}.1`);
    const counted = await invitedCount(record.clientId);

    await retry(firstCode(record));

    const after = await records().findOne({ _id: id });
    expect(after?.history.map((t) => t.to)).toEqual(['invited']);
    expect(after?.codeHash).toBe(record.codeHash);
    expect((await h.mailsFor(id)).filter((m) => m.data.template === 'invite')).toHaveLength(1);
    expect(await h.latestCode(id)).toBe(code);
    expect((await h.eventsFor(id)).map((e) => e.type)).toEqual(['onboarding.invited']);
    expect(await invitedCount(record.clientId)).toBe(counted);
    await expect(
      h.get(ActivationService).redeemCode({ code, inviteRef: id, clientAddress: `retry-${id}` }),
    ).resolves.toMatchObject({ onboarding: { _id: id } });
  });

  it('after only the code was stored: the transition and its event follow, the code stays', async () => {
    const { id, record } = await invited();
    const code = await h.latestCode(id);
    // As an earlier release's activity left it when it failed between its two writes.
    await records().updateOne({ _id: id }, { $set: { lastTransitionSeq: 0, history: [] } });
    await db().collection('events').deleteMany({ onboardingId: id });
    const counted = await invitedCount(record.clientId);

    await retry(firstCode(record));

    const after = await records().findOne({ _id: id });
    expect(after?.history.map((t) => t.to)).toEqual(['invited']);
    expect(after?.lastTransitionSeq).toBe(1);
    expect(after?.codeHash).toBe(record.codeHash);
    expect((await h.mailsFor(id)).filter((m) => m.data.template === 'invite')).toHaveLength(1);
    expect((await h.eventsFor(id)).map((e) => e.type)).toEqual(['onboarding.invited']);
    expect(await h.latestCode(id)).toBe(code);
    expect(await invitedCount(record.clientId)).toBe(counted + 1);
  });
});

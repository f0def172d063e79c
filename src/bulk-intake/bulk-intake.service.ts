import { Injectable, Logger } from '@nestjs/common';
import type { HrClientConfig } from '../config/config.schema';
import { type FieldProblem, ProblemException } from '../http/problem';
import { validate } from '../http/zod-validation.pipe';
import { createOnboardingSchema, type CreateOnboardingBody } from '../onboardings/onboarding.dto';
import {
  type IntakeSource,
  OnboardingIntake,
  type TakenIn,
} from '../onboardings/onboarding-intake';
import type { OnboardingRecord } from '../onboardings/onboarding.schema';
import { type BulkAnswer, type BulkItem, countOutcomes } from './bulk-intake.dto';
import { WorkflowStartsQueue } from './workflow-starts.queue';

/** Hires stored at once: enough to hide the database's latency, few enough to share it. */
const CONCURRENCY = 8;

/** A hire to take in: its place in the request and its checked body. */
interface ValidHire {
  index: number;
  body: CreateOnboardingBody;
}

/**
 * A bulk of hires from one HR request: each is checked and stored on its own, so the answer
 * names every onboarding; their workflows start from a queue, so 500 starts do not hold the
 * request (the single route starts its one workflow before answering).
 */
@Injectable()
export class BulkIntakeService {
  private readonly logger = new Logger(BulkIntakeService.name);

  constructor(
    private readonly intake: OnboardingIntake,
    private readonly starts: WorkflowStartsQueue,
  ) {}

  async take(client: HrClientConfig, webhookId: string, hires: unknown[]): Promise<BulkAnswer> {
    const items: BulkItem[] = [];
    const sameHire = new Map<string, ValidHire[]>();
    hires.forEach((hire, index) => {
      const checked = validate(createOnboardingSchema, hire, '(hire)');
      if (!checked.ok) {
        const employeeId = employeeIdOf(hire);
        items[index] = { index, employeeId, status: 'invalid', errors: checked.errors };
        return;
      }
      const group = sameHire.get(checked.data.employeeId) ?? [];
      group.push({ index, body: checked.data });
      sameHire.set(checked.data.employeeId, group);
    });
    const toStart: OnboardingRecord[] = [];
    const source: IntakeSource = { bulk: true, webhookId };
    // One hire's items in order, one after the other: the later ones are the first's duplicates.
    await inParallel([...sameHire.values()], CONCURRENCY, async (group) => {
      let onboardingId: string | undefined;
      for (const { index, body } of group) {
        const employeeId = body.employeeId;
        if (onboardingId) {
          items[index] = { index, employeeId, status: 'duplicate', onboardingId };
          continue;
        }
        const taken = await this.takeOne(client, body, source);
        if ('errors' in taken) {
          items[index] = { index, employeeId, status: 'invalid', errors: taken.errors };
          continue;
        }
        const { record, created } = taken;
        onboardingId = record._id;
        // Made by this request, maybe in an attempt that failed before it could answer.
        const ours = created || record.bulkWebhookId === webhookId;
        items[index] = { index, employeeId, status: ours ? 'accepted' : 'duplicate', onboardingId };
        // A found one too: a crash may have come between storing it and starting its workflow.
        if (!record.workflowRunId) toStart.push(record);
      }
    });
    // Queued after storing: should this fail, the request fails, and its retry queues them.
    await this.starts.enqueue(toStart.map((r) => r._id));
    const answer = { items, ...countOutcomes(items) };
    this.logger.log({
      msg: 'bulk intake',
      clientId: client.id,
      accepted: answer.accepted,
      duplicates: answer.duplicates,
      invalid: answer.invalid,
    });
    return answer;
  }

  /** The hire's onboarding, or why the hire was refused (a population the client lacks). */
  private async takeOne(
    client: HrClientConfig,
    body: CreateOnboardingBody,
    source: IntakeSource,
  ): Promise<TakenIn | { errors: FieldProblem[] }> {
    try {
      return await this.intake.createOrFindOpen(client, body, source);
    } catch (error) {
      if (!(error instanceof ProblemException) || error.getStatus() >= 500) {
        throw error;
      }
      const problem = error.getResponse() as { title: string; errors?: FieldProblem[] };
      return { errors: problem.errors ?? [{ field: '(hire)', message: problem.title }] };
    }
  }
}

function employeeIdOf(hire: unknown): string | null {
  const id = (hire as { employeeId?: unknown } | null)?.employeeId;
  return typeof id === 'string' ? id : null;
}

/** Runs `work` on every item, at most `limit` at a time; fails with the first failure. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  isGrpcDeadlineError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  activateTwoFactorUpdate,
  cancelUpdate,
  changeContactUpdate,
  extendUpdate,
  redeemCodeUpdate,
  reissueUpdate,
  requestCodeUpdate,
  resendUpdate,
  setCredentialsUpdate,
  settledStateUpdate,
} from '../../workflows/onboarding.messages';
import { onboardingWorkflow } from '../../workflows/onboarding.workflow';
import type {
  Actor,
  ContactChange,
  CredentialsInput,
  OnboardingInput,
  OnboardingState,
  OnboardingStatus,
} from '../../workflows/onboarding.types';
import {
  HrClient,
  OnboardingInviteAt,
  OnboardingPolicyName,
  OnboardingStatus as StatusAttribute,
} from '../../workflows/search-attributes';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { closedRejection, isRejection, OnboardingRejectedError } from './onboarding-rejections';

/** The onboarding's run as the record knows it; its status answers once the run has closed. */
export interface RunTarget {
  workflowId: string;
  workflowRunId?: string;
  status: OnboardingStatus;
}

/** The run's memo field naming its onboarding. */
const ONBOARDING_MEMO = 'onboardingId';

/** The server's failure for an update a run had accepted when it ended (its last act ran). */
function endedBeforeAnswer(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === 'AcceptedUpdateCompletedWorkflow'
  );
}

/** One run of a workflow; without `workflowRunId`, its latest. */
export type RunOf = Pick<RunTarget, 'workflowId' | 'workflowRunId'>;

/** The hire's workflow id is held by a run of another of their onboardings. */
export class RunOfAnotherOnboardingError extends Error {
  override readonly name = 'RunOfAnotherOnboardingError';
  constructor(readonly run: RunOf) {
    super(`${run.workflowId} is running for another onboarding (run ${run.workflowRunId})`);
  }
}

/** A run to start: its input, and what only its search attributes carry. */
export type RunStart = OnboardingInput & {
  workflowId: string;
  population?: string;
  /** A planned invite's moment; absent: the invite goes at once. */
  inviteAt?: Date;
};

/**
 * The API's one way into the onboarding workflow. Each step returns the workflow's state after
 * it; a refusal becomes an OnboardingRejectedError, which the API answers as problem+json.
 */
@Injectable()
export class OnboardingGateway {
  constructor(
    private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts the onboarding's workflow, or finds its run already going (a retried start,
   * simultaneous duplicates). The search attributes it starts with let ops find it at once:
   * its policy, and a planned invite's moment; its memo names the onboarding the run is for.
   * Throws RunOfAnotherOnboardingError when the hire's workflow id is held by another
   * onboarding's run: taking that run for this onboarding's would leave it with no run at all.
   * A run started before runs carried the memo counts as ours, as every run did then, unless
   * `memoless` says the caller knows its own run has ended.
   */
  async start(input: RunStart, memoless: 'ours' | 'another' = 'ours'): Promise<void> {
    const { workflowId, population, inviteAt, ...args } = input;
    const options = {
      workflowId,
      taskQueue: this.config.temporal.taskQueue,
      args: [args] as [OnboardingInput],
      workflowIdConflictPolicy: 'FAIL' as const,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const,
      memo: { [ONBOARDING_MEMO]: args.onboardingId },
      typedSearchAttributes: [
        { key: HrClient, value: input.clientId },
        { key: StatusAttribute, value: inviteAt ? 'scheduled' : 'invited' },
        { key: OnboardingPolicyName, value: population ?? 'default' },
        ...(inviteAt ? [{ key: OnboardingInviteAt, value: inviteAt }] : []),
      ],
    };
    // A few tries: the run found may end, and another start begin, between two calls.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.withinDeadline(1, () => this.client.workflow.start(onboardingWorkflow, options));
        return;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError) || attempt === 3) throw error;
      }
      const running = await this.runningRun(workflowId);
      if (!running) continue;
      const owner = running.onboardingId ?? (memoless === 'ours' ? args.onboardingId : undefined);
      if (owner === args.onboardingId) return;
      throw new RunOfAnotherOnboardingError({ workflowId, workflowRunId: running.runId });
    }
  }

  /** The running run of `workflowId` and the onboarding its memo names; none if it has ended. */
  private async runningRun(
    workflowId: string,
  ): Promise<{ runId: string; onboardingId: unknown } | undefined> {
    try {
      const { runId, memo, status } = await this.withinDeadline(1, () =>
        this.client.workflow.getHandle(workflowId).describe(),
      );
      if (status.name !== 'RUNNING') return undefined;
      return { runId, onboardingId: memo?.[ONBOARDING_MEMO] };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * A new run for an active account whose 2FA is reset; returns once that run has done the
   * reset's steps and sent the code. A retry finds the run it started.
   */
  async reenroll(
    input: RunStart & { reenroll: NonNullable<OnboardingInput['reenroll']> },
  ): Promise<OnboardingState> {
    // The caller has waited for the record's own run to end: any run going is another's.
    await this.start(input, 'another');
    return this.send({ workflowId: input.workflowId, status: 'invited' }, (h) =>
      h.executeUpdate(settledStateUpdate),
    );
  }

  redeem(target: RunTarget, codeVersion: number): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(redeemCodeUpdate, { args: [{ codeVersion }] }));
  }

  setCredentials(target: RunTarget, credentials: CredentialsInput): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(setCredentialsUpdate, { args: [credentials] }));
  }

  activate(target: RunTarget): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(activateTwoFactorUpdate));
  }

  requestCode(target: RunTarget, by: Actor): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(requestCodeUpdate, { args: [by] }));
  }

  resend(target: RunTarget, by: Actor): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(resendUpdate, { args: [by] }));
  }

  extend(target: RunTarget, by: Actor, deadline: number): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(extendUpdate, { args: [{ ...by, deadline }] }));
  }

  cancel(target: RunTarget, by: Actor): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(cancelUpdate, { args: [by] }));
  }

  reissue(target: RunTarget, by: Actor): Promise<OnboardingState> {
    return this.send(target, (h) => h.executeUpdate(reissueUpdate, { args: [by] }));
  }

  changeContact(target: RunTarget, by: Actor, change: ContactChange): Promise<OnboardingState> {
    return this.send(target, (h) =>
      h.executeUpdate(changeContactUpdate, { args: [{ ...by, ...change }] }),
    );
  }

  /**
   * Waits at most `timeoutMs` for a run to end; false if it still runs then. Ended is ended,
   * however: completed, failed, terminated, timed out, or gone.
   */
  async waitForEnd(run: RunOf, timeoutMs: number): Promise<boolean> {
    const handle = this.client.workflow.getHandle(run.workflowId, run.workflowRunId);
    try {
      // The deadline also ends the long poll behind result(): nothing keeps waiting after.
      await this.client.withDeadline(Date.now() + timeoutMs, () => handle.result());
    } catch (error) {
      if (isGrpcDeadlineError(error)) {
        // The deadline also hides a server that does not answer: asked again, that one fails
        // the request as unavailable (503) instead of passing for a run still going.
        const { status } = await this.withinDeadline(1, () => handle.describe());
        return status.name !== 'RUNNING';
      }
      if (!(error instanceof WorkflowFailedError || error instanceof WorkflowNotFoundError)) {
        throw error;
      }
    }
    return true;
  }

  private async send(
    target: RunTarget,
    call: (handle: WorkflowHandle<typeof onboardingWorkflow>) => Promise<OnboardingState>,
  ): Promise<OnboardingState> {
    try {
      return await this.withinDeadline(3, () =>
        call(this.client.workflow.getHandle(target.workflowId, target.workflowRunId)),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (isRejection(error.cause.type)) throw new OnboardingRejectedError(error.cause.type);
      }
      // The run has ended (before it could take the update, or while it held it): the
      // record's last status says how.
      if (error instanceof WorkflowNotFoundError || endedBeforeAnswer(error)) {
        throw new OnboardingRejectedError(closedRejection(target.status));
      }
      throw error;
    }
  }

  /**
   * Without a deadline the client retries an unreachable server for some 20 s, and a hung one
   * holds the request for good; the caller is better told to retry (503). An update also
   * waits for a worker to take it (one restarting, say), so it gets `times` the timeout.
   */
  private withinDeadline<T>(times: number, call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + times * this.config.dependencyTimeoutMs;
    return this.client.withDeadline(deadline, call);
  }
}

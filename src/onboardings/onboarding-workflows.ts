import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import { onboardingWorkflow } from '../../workflows/onboarding.workflow';
import type { OnboardingInput, Rejection } from '../../workflows/onboarding.types';
import { HrClient, OnboardingStatus } from '../../workflows/search-attributes';

/** What each rejection from the workflow means to an HTTP caller. */
export const REJECTIONS: Record<Rejection, { status: HttpStatus; title: string }> = {
  wrong_step: { status: HttpStatus.CONFLICT, title: 'This step is not the current one' },
  expired: { status: HttpStatus.GONE, title: 'The onboarding has expired' },
  cancelled: { status: HttpStatus.GONE, title: 'The onboarding was cancelled' },
  completed: { status: HttpStatus.CONFLICT, title: 'The onboarding is already complete' },
  code_revoked: { status: HttpStatus.GONE, title: 'A newer login code was sent' },
  invalid_deadline: { status: HttpStatus.BAD_REQUEST, title: 'The new deadline has passed' },
  username_taken: { status: HttpStatus.CONFLICT, title: 'The username is taken' },
};

export class OnboardingRejectedError extends ProblemException {
  constructor(readonly rejection: Rejection) {
    super(REJECTIONS[rejection].status, rejection.replace(/_/g, '-'), REJECTIONS[rejection].title);
  }
}

/** A finished onboarding's workflow is gone; answer from the record instead of asking it. */
export function assertOpen(record: { status: string }): void {
  if (record.status === 'active') throw new OnboardingRejectedError('completed');
  if (record.status === 'cancelled') throw new OnboardingRejectedError('cancelled');
}

function isRejection(type: string | undefined | null): type is Rejection {
  return typeof type === 'string' && type in REJECTIONS;
}

/** The API's side of the onboarding workflow: start it, and send it updates. */
@Injectable()
export class OnboardingWorkflows {
  constructor(
    private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts the hire's workflow, or finds the one already running. */
  async start(input: OnboardingInput & { workflowId: string }): Promise<void> {
    const { workflowId, ...args } = input;
    await this.withinDeadline(1, () =>
      this.client.workflow.start(onboardingWorkflow, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [args],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: HrClient, value: input.clientId },
          { key: OnboardingStatus, value: 'invited' },
        ],
      }),
    );
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

  /**
   * Waits (at most `timeoutMs`) for a finished onboarding's run to end: closing the record is
   * its last act. A run that takes longer answers 409, so an ops request never hangs.
   */
  async waitForEnd(
    target: { workflowId: string; workflowRunId?: string },
    timeoutMs = 10_000,
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const ended = this.client.workflow.getHandle(target.workflowId, target.workflowRunId).result();
    ended.catch(() => undefined); // if we stop waiting, a later failure must not go unhandled
    const late = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)),
    );
    try {
      if ((await Promise.race([ended, late])) === 'late') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'still-finishing',
          'The onboarding is still finishing; try again in a minute',
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends an update (or query) to this onboarding's run; a rejection by the workflow becomes
   * an OnboardingRejectedError, which the API answers as problem+json.
   */
  async send<T>(
    target: { workflowId: string; workflowRunId?: string },
    call: (handle: WorkflowHandle) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.withinDeadline(3, () =>
        call(this.client.workflow.getHandle(target.workflowId, target.workflowRunId)),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (isRejection(error.cause.type)) throw new OnboardingRejectedError(error.cause.type);
      }
      // The run has ended: it completed (active), was cancelled, or expired long ago.
      if (error instanceof WorkflowNotFoundError) throw new OnboardingRejectedError('completed');
      throw error;
    }
  }
}

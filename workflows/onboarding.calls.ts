// What the workflow calls out to (its local activities), and how it refuses a step.
import { ActivityFailure, ApplicationFailure, proxyLocalActivities } from '@temporalio/workflow';
import type { OnboardingActivities, Rejection } from './onboarding.types';

// Local: each is a few short writes, run inside the workflow task that needs them. A task
// queue round trip per activity cost the Temporal server and worker more than the work.
export const activities = proxyLocalActivities<OnboardingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export function reject(rejection: Rejection, message: string): never {
  throw ApplicationFailure.create({ type: rejection, message, nonRetryable: true });
}

export function failureType(error: unknown): string | undefined {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure
    ? (error.cause.type ?? undefined)
    : undefined;
}

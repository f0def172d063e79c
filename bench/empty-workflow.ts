// Bundled by the bench's own Temporal worker: the least a workflow can be, and the least an
// onboarding's shape can be.
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/** What starting this costs is the floor the intake webhook is compared with. */
export function emptyWorkflow(): Promise<void> {
  return Promise.resolve();
}

export const bareStep = defineUpdate<number>('bareStep');

/** Each step of the onboarding's flow runs one local activity, and so does its close. */
export const BARE_FLOW_STEPS = 3;

const { noop } = proxyLocalActivities<{ noop(): Promise<void> }>({
  startToCloseTimeout: '10 seconds',
});

/** A hire without its work: started, one local activity for the invite, and done. */
export async function bareHireWorkflow(): Promise<void> {
  await noop();
}

/**
 * An onboarding without its work: started, one local activity for the invite, three updates
 * each running one, and one more to close. What this costs the Temporal server and the SDK
 * is what the service's orchestration costs before any of its own work.
 */
export async function bareFlowWorkflow(): Promise<void> {
  let steps = 0;
  setHandler(bareStep, async () => {
    await noop();
    return ++steps;
  });
  await noop();
  await condition(() => steps >= BARE_FLOW_STEPS);
  await noop();
}

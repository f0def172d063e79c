import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
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
  stateQuery,
} from './onboarding.messages';
import { OnboardingRun } from './onboarding.run';
import { CREDENTIALS_STEP, REISSUABLE, TWO_FACTOR_STEP, UNFINISHED } from './onboarding.rules';
import type {
  Actor,
  ContactChange,
  CredentialsInput,
  OnboardingInput,
  OnboardingState,
} from './onboarding.types';

/** One hire, from invite to an active account with 2FA (or expiry, or cancellation). */
export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const run = new OnboardingRun(input);

  setHandler(stateQuery, () => run.state);
  setHandler(settledStateUpdate, () => run.settled());
  // Validators answer at once, before the update enters history; the changes check again.
  // Once the run has decided to end, no update may start what its close would cut off.
  const open =
    <A extends unknown[]>(check: (...args: A) => void) =>
    (...args: A): void => {
      run.refuseOnceEnding();
      check(...args);
    };
  setHandler(redeemCodeUpdate, (code) => run.redeem(code), {
    validator: open((code: { codeVersion: number }) => run.allowRedeem(code)),
  });
  setHandler(setCredentialsUpdate, (credentials) => run.setCredentials(credentials), {
    validator: open((_credentials: CredentialsInput) => run.require(CREDENTIALS_STEP)),
  });
  setHandler(activateTwoFactorUpdate, () => run.activate(), {
    validator: open(() => run.require(TWO_FACTOR_STEP)),
  });
  setHandler(requestCodeUpdate, (by) => run.requestCode(by), {
    validator: open((_by: Actor) => run.allowCodeRequest()),
  });
  setHandler(resendUpdate, (by) => run.resend(by), {
    validator: open((_by: Actor) => run.allowResend()),
  });
  setHandler(extendUpdate, (change) => run.extend(change), {
    validator: open((change: { deadline: number }) => run.allowExtend(change)),
  });
  setHandler(cancelUpdate, (by) => run.cancel(by), {
    validator: open((_by: Actor) => run.require(UNFINISHED)),
  });
  setHandler(reissueUpdate, (by) => run.reissue(by), {
    validator: open((_by: Actor) => run.require(REISSUABLE)),
  });
  setHandler(changeContactUpdate, (change) => run.changeContact(change), {
    validator: open((_change: ContactChange) => run.require(UNFINISHED)),
  });

  await run.invite();
  await run.runTimers();
  run.stopTakingUpdates();
  await condition(allHandlersFinished);
  await run.close();
  return run.state;
}

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
import type { OnboardingInput, OnboardingState } from './onboarding.types';

/** One hire, from invite to an active account with 2FA (or expiry, or cancellation). */
export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingState> {
  const run = new OnboardingRun(input);

  setHandler(stateQuery, () => run.state);
  setHandler(settledStateUpdate, () => run.settled());
  // Validators answer at once, before the update enters history; the changes check again.
  setHandler(redeemCodeUpdate, (code) => run.redeem(code), {
    validator: (code: { codeVersion: number }) => run.allowRedeem(code),
  });
  setHandler(setCredentialsUpdate, (credentials) => run.setCredentials(credentials), {
    validator: (_credentials) => run.require(CREDENTIALS_STEP),
  });
  setHandler(activateTwoFactorUpdate, () => run.activate(), {
    validator: () => run.require(TWO_FACTOR_STEP),
  });
  setHandler(requestCodeUpdate, (by) => run.requestCode(by), {
    validator: (_by) => run.allowCodeRequest(),
  });
  setHandler(resendUpdate, (by) => run.resend(by), {
    validator: (_by) => run.allowResend(),
  });
  setHandler(extendUpdate, (change) => run.extend(change), {
    validator: (change: { deadline: number }) => run.allowExtend(change),
  });
  setHandler(cancelUpdate, (by) => run.cancel(by), {
    validator: (_by) => run.require(UNFINISHED),
  });
  setHandler(reissueUpdate, (by) => run.reissue(by), {
    validator: (_by) => run.require(REISSUABLE),
  });
  setHandler(changeContactUpdate, (change) => run.changeContact(change), {
    validator: (_change) => run.require(UNFINISHED),
  });

  await run.invite();
  await run.runTimers();
  await condition(allHandlersFinished);
  await run.close();
  return run.state;
}

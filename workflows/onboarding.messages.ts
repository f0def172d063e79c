// Updates and the query of the onboarding workflow: defined once, used by the workflow and
// by the API's client code.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ContactChange, CredentialsInput, OnboardingState } from './onboarding.types';

// The employee's three steps. Updates, not signals: the web form needs an immediate, typed
// accept or reject.
export const redeemCodeUpdate = defineUpdate<OnboardingState, [{ codeVersion: number }]>(
  'redeemCode',
);
export const setCredentialsUpdate = defineUpdate<OnboardingState, [CredentialsInput]>(
  'setCredentials',
);
export const activateTwoFactorUpdate = defineUpdate<OnboardingState, []>('activateTwoFactor');
/** The employee lost the code: a new one, or after expiry HR is asked to reissue. */
export const requestCodeUpdate = defineUpdate<OnboardingState, [Actor]>('requestCode');

// HR's admin actions; each carries who asked and why.
export const resendUpdate = defineUpdate<OnboardingState, [Actor]>('resend');
export const extendUpdate = defineUpdate<OnboardingState, [Actor & { deadline: number }]>('extend');
export const cancelUpdate = defineUpdate<OnboardingState, [Actor]>('cancel');
export const reissueUpdate = defineUpdate<OnboardingState, [Actor]>('reissue');
export const changeContactUpdate = defineUpdate<OnboardingState, [Actor & ContactChange]>(
  'changeContact',
);

export const stateQuery = defineQuery<OnboardingState>('state');
/**
 * The state once the change under way (such as a new run's first invite) is done: a
 * consistent read, where the query may answer mid-change.
 */
export const settledStateUpdate = defineUpdate<OnboardingState, []>('settledState');

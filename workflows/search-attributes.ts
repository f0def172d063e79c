import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Registered on the Temporal server at start (see scripts/stack/temporal.ts) so ops can
// filter onboardings in the Web UI, e.g. `OnboardingStatus = 'code_redeemed'`.
export const OnboardingStatus = defineSearchAttributeKey(
  'OnboardingStatus',
  SearchAttributeType.KEYWORD,
);
export const OnboardingStepSince = defineSearchAttributeKey(
  'OnboardingStepSince',
  SearchAttributeType.DATETIME,
);
export const OnboardingDeadline = defineSearchAttributeKey(
  'OnboardingDeadline',
  SearchAttributeType.DATETIME,
);
/** When the invite goes (while `scheduled`) or went. */
export const OnboardingInviteAt = defineSearchAttributeKey(
  'OnboardingInviteAt',
  SearchAttributeType.DATETIME,
);
/** The HR client's named policy (population) the onboarding runs under; `default` without. */
export const OnboardingPolicyName = defineSearchAttributeKey(
  'OnboardingPolicy',
  SearchAttributeType.KEYWORD,
);
export const HrClient = defineSearchAttributeKey('HrClient', SearchAttributeType.KEYWORD);

export const onboardingSearchAttributes = [
  OnboardingStatus,
  OnboardingStepSince,
  OnboardingDeadline,
  OnboardingInviteAt,
  OnboardingPolicyName,
  HrClient,
] as const;

import { ApplicationFailure } from '@temporalio/common';
import type { OnboardingActivities } from '../../workflows/onboarding.types';
import { UsernameTakenError } from '../accounts/account.repository';
import { OnboardingAdminRecords } from './onboarding-admin-records.service';
import { OnboardingLifecycle } from './onboarding-lifecycle.service';
import { OnboardingNudges } from './onboarding-nudges.service';

/** The workflow's activities: thin wrappers that hand each call to its service. */
export function createOnboardingActivities(
  lifecycle: OnboardingLifecycle,
  nudges: OnboardingNudges,
  admin: OnboardingAdminRecords,
): OnboardingActivities {
  return {
    issueCode: (input) => lifecycle.issueCode(input),
    recordTransition: (input) => lifecycle.recordTransition(input),
    sendReminder: (input) => nudges.sendReminder(input),
    escalate: (input) => nudges.escalate(input),
    recordAdminAction: async (input) => {
      // Not the record it returns: an activity's result goes into the workflow's history.
      await admin.recordAdminAction(input);
    },
    closeOnboarding: (input) => lifecycle.closeOnboarding(input),
    beginReenrolment: (input) => admin.beginReenrolment(input),
    codeRequested: (input) => admin.codeRequested(input),
    async saveCredentials(input) {
      try {
        await lifecycle.saveCredentials(input);
      } catch (error) {
        // Not worth retrying: the workflow turns this into the update's rejection.
        if (error instanceof UsernameTakenError) {
          // Not the username itself: failure messages end up in the workflow's history.
          throw ApplicationFailure.create({
            type: 'username_taken',
            message: 'the username is taken',
            nonRetryable: true,
          });
        }
        throw error;
      }
    },
  };
}

import { HttpStatus } from '@nestjs/common';
import type { OnboardingStatus, Rejection } from '../../workflows/onboarding.types';
import { ProblemException } from '../http/problem';

/** What each rejection from the workflow means to an HTTP caller. */
const REJECTIONS: Record<Rejection, { status: HttpStatus; title: string }> = {
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

export function isRejection(type: string | undefined | null): type is Rejection {
  return typeof type === 'string' && type in REJECTIONS;
}

/** Why an onboarding whose workflow has closed takes no more steps, from its last status. */
export function closedRejection(status: OnboardingStatus): Rejection {
  if (status === 'active') return 'completed';
  if (status === 'cancelled') return 'cancelled';
  // Closed while pending: only an expiry past its retention ends a run that way.
  return 'expired';
}

/** A finished onboarding's workflow is gone; answer from the record instead of asking it. */
export function assertOpen(record: { status: OnboardingStatus }): void {
  if (record.status === 'active' || record.status === 'cancelled') {
    throw new OnboardingRejectedError(closedRejection(record.status));
  }
}

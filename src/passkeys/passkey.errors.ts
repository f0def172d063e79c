import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem';

/**
 * `passkey_refused`: any failed check (origin, RP id, signature, user verification, counter,
 * unknown or removed credential), told apart only in the security log; `passkey_expired`: the
 * challenge was used already, belongs to another session or is too old; `passkey_off`: this
 * deployment or page offers no passkeys.
 */
export type PasskeyProblem = 'passkey_refused' | 'passkey_expired' | 'passkey_off';

const STATUS: Record<PasskeyProblem, HttpStatus> = {
  passkey_refused: HttpStatus.UNAUTHORIZED,
  passkey_expired: HttpStatus.BAD_REQUEST,
  passkey_off: HttpStatus.NOT_FOUND,
};

export class PasskeyError extends ProblemException {
  constructor(readonly problem: PasskeyProblem) {
    super(STATUS[problem], problem.replace(/_/g, '-'), problem);
  }
}

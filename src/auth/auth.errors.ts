import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem';

export type AuthProblem =
  | 'invalid_login'
  | 'locked'
  | 'too_many_attempts'
  | 'invalid_totp'
  | 'totp_replayed'
  | 'invalid_reset_link'
  | 'last_second_factor'
  | 'invalid_passkey_name';

const STATUS: Record<AuthProblem, HttpStatus> = {
  invalid_login: HttpStatus.UNAUTHORIZED,
  locked: HttpStatus.TOO_MANY_REQUESTS,
  too_many_attempts: HttpStatus.TOO_MANY_REQUESTS,
  invalid_totp: HttpStatus.UNAUTHORIZED,
  totp_replayed: HttpStatus.UNAUTHORIZED,
  invalid_reset_link: HttpStatus.GONE,
  last_second_factor: HttpStatus.CONFLICT,
  invalid_passkey_name: HttpStatus.BAD_REQUEST,
};

/** A refused login step; the web pages show each as a translated message. */
export class AuthError extends ProblemException {
  constructor(
    readonly problem: AuthProblem,
    readonly until?: Date,
  ) {
    super(STATUS[problem], problem.replace(/_/g, '-'), problem);
  }
}

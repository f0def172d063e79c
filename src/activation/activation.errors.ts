import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem';
import { type CredentialIssue, RULE_TEXT } from './credential-rules';

export type ActivationProblem =
  | 'invalid_code'
  | 'code_in_use'
  | 'enrolment_in_use'
  | 'too_many_attempts'
  | 'invalid_credentials_input'
  | 'invalid_totp'
  | 'totp_replayed'
  | 'not_ready'
  | 'passkey_required';

const PROBLEMS: Record<ActivationProblem, { status: HttpStatus; title: string }> = {
  invalid_code: { status: HttpStatus.BAD_REQUEST, title: 'This login code is not valid' },
  code_in_use: {
    status: HttpStatus.CONFLICT,
    title: 'This login code is being redeemed in another session right now',
  },
  enrolment_in_use: {
    status: HttpStatus.CONFLICT,
    title: 'Two-factor authentication is being set up in another session right now',
  },
  too_many_attempts: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    title: 'Too many wrong codes; try again later',
  },
  invalid_credentials_input: {
    status: HttpStatus.BAD_REQUEST,
    title: 'Username or password does not meet the rules',
  },
  invalid_totp: { status: HttpStatus.BAD_REQUEST, title: 'This authenticator code is not valid' },
  totp_replayed: {
    status: HttpStatus.BAD_REQUEST,
    title: 'This authenticator code was used already; wait for the next one',
  },
  not_ready: { status: HttpStatus.CONFLICT, title: 'Two-factor setup has not been started' },
  passkey_required: {
    status: HttpStatus.BAD_REQUEST,
    title: 'This deployment activates accounts with a passkey only',
  },
};

/** A refusal the employee's web form shows as a friendly message (issue: web flow). */
export class ActivationError extends ProblemException {
  constructor(
    readonly problem: ActivationProblem,
    extensions: Record<string, unknown> = {},
  ) {
    super(
      PROBLEMS[problem].status,
      problem.replace(/_/g, '-'),
      PROBLEMS[problem].title,
      undefined,
      extensions,
    );
  }
}

/** Credentials that break the rules: each issue names its field and rule. */
export class CredentialsRejectedError extends ActivationError {
  constructor(readonly issues: CredentialIssue[]) {
    super('invalid_credentials_input', {
      errors: issues.map((i) => ({ field: i.field, rule: i.rule, message: RULE_TEXT[i.rule] })),
    });
  }
}

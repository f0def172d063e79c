import { Injectable, Logger } from '@nestjs/common';
import { currentRequest } from '../logging/request-context';
import { Metrics } from '../metrics/metrics';

/** Everything authentication does that an identity engineer wants on record. */
export type SecurityEvent =
  | 'login_succeeded'
  | 'wrong_password'
  | 'login_lockout'
  | 'login_address_limit'
  | 'wrong_totp'
  | 'totp_replay'
  | 'recovery_code_used'
  | 'password_confirmed'
  | 'wrong_code'
  | 'code_lockout'
  | 'code_address_limit'
  | 'code_redeemed'
  | 'code_requested'
  | 'code_request_limit'
  | 'two_factor_enrolled'
  | 'reset_requested'
  | 'reset_mail_limit'
  | 'reset_completed'
  | 'two_factor_reset'
  | 'sessions_revoked'
  | 'email_change_requested'
  | 'email_change_verified'
  | 'password_check_limit'
  | 'password_changed'
  | 'authenticator_changed'
  | 'recovery_codes_renewed'
  | 'signed_out_everywhere'
  | 'passkey_added'
  | 'passkey_renamed'
  | 'passkey_removed'
  | 'passkey_refused';

export interface SecurityFacts {
  accountId?: string;
  onboardingId?: string;
  outcome: 'success' | 'failure' | 'refused' | 'done';
  /** Sessions ended, tries left: numbers only, never a secret. */
  count?: number;
  /** Which check refused (passkeys), or which second factor signed in. */
  reason?: string;
}

/**
 * One structured log line and one metric per security event: what happened, to which account
 * or onboarding, from which address, in which request. Never a code, password or token.
 */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('security');

  constructor(private readonly metrics: Metrics) {}

  record(event: SecurityEvent, facts: SecurityFacts): void {
    this.metrics.securityEvents.inc({ event });
    const { requestId, clientAddress } = currentRequest();
    this.logger.log({ msg: 'security event', event, ...facts, clientAddress, requestId });
  }
}

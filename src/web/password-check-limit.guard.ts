import {
  type CanActivate,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { addressBucket } from '../http/client-address';
import { ProblemException } from '../http/problem';
import { RateLimiter } from '../security/rate-limiter';
import { SecurityEvents } from '../security/security-events';

const MINUTE_MS = 60_000;

/** The live password check per client address (IPv6 by /64): each costs a strength estimate. */
@Injectable()
export class PasswordCheckLimit implements CanActivate {
  constructor(
    private readonly limits: RateLimiter,
    private readonly events: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const key = `password-check:${addressBucket(http.getRequest<Request>().ip ?? '')}`;
    const perMinute = this.config.login.passwordChecksPerMinute;
    if (await this.limits.allow(key, perMinute, MINUTE_MS)) return true;
    this.events.record('password_check_limit', { outcome: 'refused' });
    http.getResponse<Response>().set('Retry-After', String(MINUTE_MS / 1000));
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'too-many-checks',
      'Too many password checks; wait a minute',
    );
  }
}

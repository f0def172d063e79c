import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import { constantTimeEqual } from '../security/keyring';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Ops endpoints take `Authorization: Bearer <OPS_TOKEN>`. Without a token configured (only
 * allowed outside production) they answer loopback callers only, for `npm run dev`.
 */
@Injectable()
export class OpsAuthGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const token = this.config.security.opsToken;
    const offered = /^Bearer (.+)$/.exec(request.header('authorization') ?? '')?.[1];
    const allowed = token
      ? offered !== undefined && constantTimeEqual(offered, token)
      : LOOPBACK.has(request.socket.remoteAddress ?? '');
    if (!allowed) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'ops-auth',
        'Ops authentication required',
      );
    }
    return true;
  }
}

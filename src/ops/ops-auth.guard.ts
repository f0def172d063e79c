import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import { isOpsRequest } from './ops-auth';

@Injectable()
export class OpsAuthGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!isOpsRequest(context.switchToHttp().getRequest<Request>(), this.config)) {
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'ops-auth',
        'Ops authentication required',
      );
    }
    return true;
  }
}

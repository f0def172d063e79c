import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import type { HrClientConfig } from '../config/config.schema';
import { ProblemException } from '../http/problem';
import { HrClientsService } from './hr-clients.service';
import { WebhookVerificationError } from './standard-webhooks';

type SignedRequest = Request & { rawBody?: Buffer; hrClient?: HrClientConfig };

/** Every HR call, reads included, is signed the Standard Webhooks way; 401 otherwise. */
@Injectable()
export class HrAuthGuard implements CanActivate {
  constructor(private readonly clients: HrClientsService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    try {
      request.hrClient = this.clients.authenticate(
        {
          id: request.header('webhook-id'),
          timestamp: request.header('webhook-timestamp'),
          signature: request.header('webhook-signature'),
        },
        request.rawBody ?? Buffer.alloc(0),
      );
      return true;
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        throw new ProblemException(
          HttpStatus.UNAUTHORIZED,
          `webhook-${error.reason.replace(/_/g, '-')}`,
          'The request is not signed by a known HR client',
          error.message,
        );
      }
      throw error;
    }
  }
}

/** The HR client that HrAuthGuard authenticated. */
export const CurrentHrClient = createParamDecorator(
  (_: unknown, context: ExecutionContext): HrClientConfig => {
    const client = context.switchToHttp().getRequest<SignedRequest>().hrClient;
    if (!client) throw new Error('HrAuthGuard must run before CurrentHrClient is read');
    return client;
  },
);

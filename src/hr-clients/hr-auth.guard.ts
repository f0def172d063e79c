import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import { isUtf8 } from 'node:buffer';
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
    assertJsonBody(request);
    try {
      request.hrClient = this.clients.authenticate(
        {
          id: request.header('webhook-id'),
          timestamp: request.header('webhook-timestamp'),
          signature: request.header('webhook-signature'),
        },
        request.rawBody ?? Buffer.alloc(0),
      );
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
    return true;
  }
}

/**
 * Only JSON bodies are parsed (and kept for the signature check): any other type would be
 * refused as a wrong signature, which sends HR looking in the wrong place. The HR system
 * adapters (src/hr-adapters) check their bodies the same way.
 */
export function assertJsonBody(request: Request & { rawBody?: Buffer }): void {
  const hasBody =
    Number(request.header('content-length') ?? 0) > 0 ||
    request.header('transfer-encoding') !== undefined;
  const type = (request.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (hasBody && type !== 'application/json') {
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-media-type',
      'The request body must be application/json',
      type ? `got ${type}` : 'no Content-Type header',
    );
  }
  // The JSON parser turns invalid bytes into U+FFFD; what HR meant is unknown, so refuse it.
  // Checked before the signature: the library signs the body as text, so it cannot match
  // a signature over bytes that are not UTF-8 and would blame the signature instead.
  if (request.rawBody && !isUtf8(request.rawBody)) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'invalid-encoding',
      'The request body is not valid UTF-8',
    );
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

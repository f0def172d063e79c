import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import { scimError } from './scim-errors';
import { scimTokenMatches } from './scim.config';

type ScimRequest = Request & { scimClient?: HrClientConfig };

/** The HR client whose SCIM bearer token the request carries; 401 (SCIM error) otherwise. */
@Injectable()
export class ScimAuthGuard implements CanActivate {
  private readonly clients: { client: HrClientConfig; tokenHash: Buffer }[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.clients = config.hrClients.flatMap((client) =>
      client.scimTokenHash ? [{ client, tokenHash: client.scimTokenHash }] : [],
    );
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ScimRequest>();
    const token = /^Bearer +(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    const found = token && this.clients.find((c) => scimTokenMatches(token, c.tokenHash));
    if (!found) {
      throw scimError(HttpStatus.UNAUTHORIZED, '', 'A valid SCIM bearer token is required');
    }
    request.scimClient = found.client;
    return true;
  }
}

/** The HR client that ScimAuthGuard authenticated. */
export const ScimClient = createParamDecorator(
  (_: unknown, context: ExecutionContext): HrClientConfig => {
    const client = context.switchToHttp().getRequest<ScimRequest>().scimClient;
    if (!client) throw new Error('ScimAuthGuard must run before ScimClient is read');
    return client;
  },
);

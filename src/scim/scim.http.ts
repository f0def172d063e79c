import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { map, type Observable } from 'rxjs';
import { SCIM_JSON, ScimErrorFilter } from './scim-errors';
import { SCIM_LIMITS } from './scim.config';

export const SCIM_BASE = 'scim/v2';

/**
 * SCIM bodies are application/scim+json (or plain JSON), parsed here before the API's own
 * JSON parser: Bulk may be larger than other bodies, and a body the parser refuses (too
 * large, not JSON) is answered as a SCIM error, which the global problem filter would not do.
 */
export function mountScimBodyParsers(app: NestExpressApplication, maxBody: string): void {
  const type = [SCIM_JSON, 'application/json'];
  const parse = (limit: number | string) => json({ type, limit });
  app.use(`/${SCIM_BASE}/Bulk`, parse(SCIM_LIMITS.bulkMaxPayloadBytes));
  app.use(`/${SCIM_BASE}`, parse(maxBody));
  const errors = new ScimErrorFilter();
  app.use(`/${SCIM_BASE}`, (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    errors.render(error, req, res);
  });
}

/** SCIM's content type on every answer, and a User's version as its ETag. */
@Injectable()
export class ScimResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        response.type(SCIM_JSON);
        const meta = (body as { meta?: { version?: unknown; location?: unknown } } | undefined)
          ?.meta;
        if (typeof meta?.version === 'string') response.setHeader('ETag', meta.version);
        if (response.statusCode === 201 && typeof meta?.location === 'string') {
          response.setHeader('Location', meta.location);
        }
        return body;
      }),
    );
  }
}

import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, type Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig, HrClientConfig } from '../config/config.schema';
import { ProblemException, RETRY_AFTER_SECONDS, toProblem } from '../http/problem';
import { fingerprintOf, type StoredAnswer, WebhookIds } from './webhook-ids';

type SignedRequest = Request & { rawBody?: Buffer; hrClient?: HrClientConfig };

const READS = new Set(['GET', 'HEAD']);

/**
 * A signature covers `id.timestamp.body`, not the route, so a captured request could be sent
 * again to another path. Here each webhook-id runs once per client: the same request again
 * gets the first answer (a redelivery), any other use of the id is refused.
 */
@Injectable()
export class WebhookOnceInterceptor implements NestInterceptor {
  constructor(
    private readonly ids: WebhookIds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const client = request.hrClient;
    const webhookId = request.header('webhook-id');
    if (!client || !webhookId) throw new Error('HrAuthGuard must run before WebhookOnce');
    const fingerprint = fingerprintOf(
      request.method,
      request.originalUrl,
      request.rawBody ?? Buffer.alloc(0),
    );
    const claimed = this.ids.claim(
      client.id,
      webhookId,
      fingerprint,
      this.config.dependencyTimeoutMs,
    );
    return from(claimed).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'reused':
            throw new ProblemException(
              HttpStatus.CONFLICT,
              'webhook-id-reused',
              'This webhook-id was used for another request',
              'A webhook-id is good for one request (method, path and body); a new request needs a new id',
            );
          case 'in_progress':
            response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
            throw new ProblemException(
              HttpStatus.CONFLICT,
              'webhook-in-progress',
              'A request with this webhook-id is still being answered; retry after the Retry-After seconds',
            );
          case 'repeat':
            response.setHeader('Idempotent-Replayed', 'true');
            if (claim.answer) return replay(claim.answer);
            return next.handle();
          case 'first':
            return this.firstRun(next, client.id, webhookId, fingerprint, claim.holder, request);
        }
      }),
    );
  }

  private firstRun(
    next: CallHandler,
    clientId: string,
    webhookId: string,
    fingerprint: string,
    holder: string,
    request: Request,
  ): Observable<unknown> {
    const keep = (answer: StoredAnswer | undefined) =>
      this.ids.answered(clientId, webhookId, fingerprint, answer);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        // A read runs again when repeated: its answer may have changed meanwhile.
        // Kept even if Redis fails now: the work is done, and a repeat waits out the lease.
        await keep(READS.has(request.method) ? undefined : { status: 200, body }).catch(
          () => undefined,
        );
        return body;
      }),
      catchError((error: unknown) => {
        const problem = toProblem(error);
        // A refusal is the answer to this request; a failure (5xx) may pass on a retry.
        const settle =
          problem.status < 500
            ? keep({ status: problem.status, body: problem })
            : this.ids.release(clientId, webhookId, holder);
        return from(settle.catch(() => undefined)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}

function replay(answer: StoredAnswer): Observable<unknown> {
  if (answer.status >= 400) {
    return throwError(
      () => new HttpException(answer.body as Record<string, unknown>, answer.status),
    );
  }
  return of(answer.body);
}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RETRY_AFTER_SECONDS, toProblem } from '../http/problem';
import { ScimUserInvalid } from './scim-user.mapping';
import { SCIMError } from './scim.resources';

export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_JSON = 'application/scim+json';

export function scimError(status: HttpStatus, scimType: string, detail: string): SCIMError {
  return new SCIMError(status, scimType, detail);
}

/**
 * Any error as a SCIMError: our problem exceptions keep their status and title, a refused
 * User is invalidValue. Inside a Bulk request scimmy renders each failure with its
 * ErrorResponse, which knows only the statuses RFC 7644 lists, so there a 410 (cancelled,
 * expired) becomes 409 and a 503 becomes 500.
 */
export function toScimError(error: unknown, inBulk = false): SCIMError {
  if (error instanceof SCIMError) return error;
  if (error instanceof ScimUserInvalid) return scimError(400, 'invalidValue', error.message);
  const problem = toProblem(error);
  const fields = problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  const detail = [problem.title, problem.detail, fields].filter(Boolean).join(': ');
  if (problem.status === 400) return scimError(400, 'invalidValue', detail);
  const status =
    inBulk && !BULK_STATUSES.has(problem.status) ? bulkStatus(problem.status) : problem.status;
  return scimError(status, '', detail);
}

const BULK_STATUSES = new Set([400, 401, 403, 404, 409, 412, 413, 500, 501]);
const bulkStatus = (status: number) => (status < 500 ? 409 : 500);

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: string;
  detail: string;
}

/** RFC 7644 §3.12: `status` is a string; scimType only where the RFC defines one. */
export function scimErrorBody(error: SCIMError): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.message,
  };
}

/**
 * SCIM routes answer errors in SCIM's format (application/scim+json), never problem+json.
 * Written by hand: scimmy's ErrorResponse throws on statuses such as 415 and 503.
 */
@Catch()
export class ScimErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('SCIM');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.render(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  render(exception: unknown, request: Request, response: Response): void {
    const error = toScimError(exception);
    if (error.status >= 500 && error.status !== 503) {
      this.logger.error(`${request.method} ${request.path} failed`, (exception as Error)?.stack);
    }
    if (error.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="scim"');
    response.status(error.status).type(SCIM_JSON).json(scimErrorBody(error));
  }
}

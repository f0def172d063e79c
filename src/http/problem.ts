import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDependencyDown } from './dependency-down';

export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details: what every error of the API looks like. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** An error with a stable problem type (`urn:problem:onboarding:<slug>`), which tests assert. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super({ type: `urn:problem:onboarding:${slug}`, title, status, detail, ...extensions }, status);
  }
}

const BODY_PARSER_PROBLEMS: Record<string, [HttpStatus, string]> = {
  'entity.too.large': [
    HttpStatus.PAYLOAD_TOO_LARGE,
    'The request body is too large (64 KiB for JSON, 1 MiB for a bulk, 8 KB for a form)',
  ],
  'entity.parse.failed': [HttpStatus.BAD_REQUEST, 'The request body is not valid JSON'],
  'encoding.unsupported': [HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Unsupported body encoding'],
  'charset.unsupported': [HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Unsupported body charset'],
  'parameters.too.many': [HttpStatus.PAYLOAD_TOO_LARGE, 'The form has too many fields'],
  'querystring.parse.rangeError': [HttpStatus.BAD_REQUEST, 'The form is nested too deeply'],
  'request.size.invalid': [HttpStatus.BAD_REQUEST, 'The body is shorter than its Content-Length'],
};

/** body-parser's own errors carry a `type`; Nest may wrap them, keeping them as the cause. */
function bodyParserProblem(error: unknown): ProblemBody | undefined {
  for (const e of [error, (error as { cause?: unknown } | null)?.cause]) {
    const { type, code } = (e ?? {}) as { type?: unknown; code?: unknown };
    const known = typeof type === 'string' ? BODY_PARSER_PROBLEMS[type] : undefined;
    // Its message is written for the client ("Unexpected token } in JSON at position 9").
    const detail = e instanceof Error ? e.message : undefined;
    if (known) return { type: 'about:blank', title: known[1], status: known[0], detail };
    // zlib: the bytes do not inflate as the Content-Encoding says they would.
    if (typeof code === 'string' && code.startsWith('Z_')) {
      return {
        type: 'about:blank',
        title: 'The body does not match its Content-Encoding',
        status: HttpStatus.BAD_REQUEST,
        detail,
      };
    }
  }
  return undefined;
}

/** Seconds an HR client should wait before retrying while a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

/** Renders every error as application/problem+json; never a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const problem = toProblem(error);
    if (problem.status === 503) {
      this.logger.warn(`${request.method} ${request.path}: ${(error as Error).message}`);
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) {
      this.logger.error(`${request.method} ${request.path} failed`, (error as Error)?.stack);
    }
    response.status(problem.status).type('application/problem+json').json(problem);
  }
}

export function toProblem(error: unknown): ProblemBody {
  const parserProblem = bodyParserProblem(error);
  if (parserProblem) return parserProblem;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) {
      return body as ProblemBody;
    }
    const detail =
      typeof body === 'string'
        ? body
        : typeof body === 'object' && body !== null && 'message' in body
          ? String(body.message)
          : undefined;
    return { type: 'about:blank', title: error.name.replace(/Exception$/, ''), status, detail };
  }
  if (isDependencyDown(error)) {
    return {
      type: 'urn:problem:onboarding:unavailable',
      title: 'The service is briefly unavailable; retry after the Retry-After seconds',
      status: HttpStatus.SERVICE_UNAVAILABLE,
    };
  }
  return { type: 'about:blank', title: 'Internal Server Error', status: 500 };
}

import {
  applyDecorators,
  Catch,
  Controller,
  HttpStatus,
  Injectable,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemException, ProblemFilter } from '../http/problem';
import { formFields } from './form';
import type { WebRequest } from './session.middleware';
import { WebPages } from './web-pages.service';

/** Reading changes nothing, so only these go without the form token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfRefusedError extends ProblemException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'csrf', 'The form token is missing or wrong; reload the page');
  }
}

/**
 * Every form post carries the session's token (`_csrf`); body parsing runs before guards, so
 * it is there to read. A refusal is problem+json, or the message page with CsrfRefusalPage.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<WebRequest>();
    if (SAFE_METHODS.has(req.method) || req.session.validCsrf(formFields(req.body)._csrf)) {
      return true;
    }
    throw new CsrfRefusedError();
  }
}

/** The employee's forms show a refused token as a page: it had expired, try again. */
@Catch(CsrfRefusedError)
export class CsrfRefusalPage implements ExceptionFilter {
  private readonly problems = new ProblemFilter();

  constructor(private readonly pages: WebPages) {}

  catch(_refusal: CsrfRefusedError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    // Nest does not wait for a filter: a session that cannot be saved is answered here.
    this.pages
      .message(req, res, 'login_title', this.pages.text(req, 'csrf'), HttpStatus.FORBIDDEN)
      .catch((error: unknown) => this.problems.catch(error, host));
  }
}

/** A controller of the employee's form pages: out of the API docs, every POST CSRF-checked. */
export function FormPages(path = ''): ClassDecorator {
  return applyDecorators(
    ApiExcludeController(),
    Controller(path),
    UseGuards(CsrfGuard),
    UseFilters(CsrfRefusalPage),
  );
}

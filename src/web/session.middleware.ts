import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isDependencyDown } from '../http/dependency-down';
import { describeDevice } from '../sessions/device';
import type { Session } from '../sessions/session';
import { SessionStore } from '../sessions/session.store';
import { WebPages } from './web-pages.service';

export type WebRequest = Request & { session: Session };

/** Loads the session for the web pages; the page saves it when it answers (Session.commit). */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly logger = new Logger(SessionMiddleware.name);

  constructor(
    private readonly store: SessionStore,
    private readonly pages: WebPages,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const session = await this.store.load(readCookie(req, this.store.cookieName));
      session.device = describeDevice(req.header('user-agent'));
      (req as WebRequest).session = session;
    } catch (error) {
      if (!isDependencyDown(error)) throw error;
      this.logger.warn(error instanceof Error ? error.message : String(error));
      this.pages.unavailable(req, res);
      return;
    }
    next();
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // Malformed percent-encoding: no session of ours, so the browser gets a new one.
      return undefined;
    }
  }
  return undefined;
}

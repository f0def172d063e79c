import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { isDependencyDown } from '../http/dependency-down';
import { RETRY_AFTER_SECONDS } from '../http/problem';
import type { Session } from '../sessions/session';
import { SessionStore } from '../sessions/session.store';
import { pickLocale, translator } from './messages';
import { messagePage } from './views';

export type WebRequest = Request & { session: Session };

/** Loads the session for the web pages; the page saves it when it answers (Session.commit). */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly logger = new Logger(SessionMiddleware.name);

  constructor(
    private readonly store: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      (req as WebRequest).session = await this.store.load(readCookie(req, this.store.cookieName));
    } catch (error) {
      if (!isDependencyDown(error)) throw error;
      // Redis is away: no page can know its session, so every page asks to come back soon.
      this.logger.warn(error instanceof Error ? error.message : String(error));
      const locale = pickLocale(undefined, undefined, req.header('accept-language'));
      const t = translator(locale);
      const ctx = { t, locale, brand: this.config.brand, csrf: '', path: req.path };
      res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).type('html');
      res.send(messagePage(ctx, t('login_title'), t('unavailable')));
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

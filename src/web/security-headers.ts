import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

/** Headers of every employee page: no inline scripts, no framing, no referrer (tokens in URLs). */
@Injectable()
export class SecurityHeaders implements NestMiddleware {
  private readonly helmet: ReturnType<typeof helmet>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.helmet = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      xContentTypeOptions: true,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity:
        config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      // Helmet's other defaults are off: these pages send the headers above and no others.
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
      originAgentCluster: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xPoweredBy: false,
      xXssProtection: false,
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    // Helmet leaves caching alone; pages with codes and session state must not be stored.
    res.set('Cache-Control', 'no-store');
    this.helmet(req, res, next);
  }
}

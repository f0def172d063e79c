import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';

/**
 * One JSON line per request with its id (taken from `x-request-id` when it looks like one,
 * answered in the same header). Only the path is logged: query strings can carry tokens.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const offered = req.headers['x-request-id'];
      const id =
        typeof offered === 'string' && /^[\w-]{8,64}$/.test(offered) ? offered : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: Request & { id?: string }) => ({
        id: req.id,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
      }),
      res: (res: Response) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req, res, ms) =>
      `${req.method} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${Math.round(ms)} ms`,
    // Health checks every few seconds would drown everything else.
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
  });
}

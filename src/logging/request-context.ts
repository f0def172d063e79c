import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** Who is asking, for the lines a request leads to (the security log). */
export interface RequestContext {
  requestId?: string;
  /** The client's address as the API sees it (X-Forwarded-For when proxies are trusted). */
  clientAddress?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs the rest of the request inside its context; after pino-http, which made its id. */
export function requestContext(req: Request, _res: Response, next: NextFunction): void {
  const { id } = req as Request & { id?: unknown };
  storage.run({ requestId: typeof id === 'string' ? id : undefined, clientAddress: req.ip }, next);
}

export function currentRequest(): RequestContext {
  return storage.getStore() ?? {};
}

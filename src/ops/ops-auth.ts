import type { Request } from 'express';
import type { AppConfig } from '../config/config.schema';
import { constantTimeEqual } from '../security/keyring';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Ops requests carry OPS_TOKEN as `Bearer <token>`, or as the password of Basic auth (so a
 * browser can open the queue dashboard). Without a token configured (allowed outside
 * production only) ops endpoints answer loopback callers, for `npm run dev`.
 */
export function isOpsRequest(request: Request, config: AppConfig): boolean {
  const token = config.security.opsToken;
  if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '');
  const header = request.header('authorization') ?? '';
  const bearer = /^Bearer (.+)$/.exec(header)?.[1];
  const basic = /^Basic (.+)$/.exec(header)?.[1];
  const password = basic
    ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':')
    : undefined;
  const offered = bearer ?? password;
  return offered !== undefined && constantTimeEqual(offered, token);
}

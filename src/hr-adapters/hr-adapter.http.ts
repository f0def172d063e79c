import type { NestExpressApplication } from '@nestjs/platform-express';
import { text } from 'express';
import { HR_ADAPTERS } from './adapters';

/**
 * A vendor's connection test may come as plain text (Bob's "Ping test"), which the API's JSON
 * parser leaves unread: those routes also read a short text body, so the test can be answered.
 */
export function mountAdapterPingParsers(app: NestExpressApplication): void {
  for (const adapter of HR_ADAPTERS.filter((a) => a.isPing !== undefined)) {
    app.use(`/api/v1/hr/${adapter.vendor}`, text({ type: 'text/plain', limit: '1kb' }));
  }
}

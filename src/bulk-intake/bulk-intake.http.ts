import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type Request } from 'express';
import { MAX_BULK_BODY } from './bulk-intake.dto';

export const BULK_PATH = '/api/v1/onboardings/bulk';

/**
 * The bulk route's JSON parser, mounted before the API's own (64 KiB), which then leaves the
 * parsed body alone. It keeps the raw bytes as Nest's does, for the signature check.
 */
export function mountBulkBodyParser(app: NestExpressApplication): void {
  const keepRaw = (req: Request & { rawBody?: Buffer }, _res: unknown, raw: Buffer) => {
    req.rawBody = raw;
  };
  app.use(BULK_PATH, json({ limit: MAX_BULK_BODY, verify: keepRaw }));
}

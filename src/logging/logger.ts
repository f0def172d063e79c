import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/config.schema';

/**
 * Nothing secret or personal may reach a log line: request bodies and query strings are never
 * logged, and these header and field names are masked wherever they appear.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.code',
  '*.codeSealed',
  '*.token',
  '*.secret',
  '*.email',
  '*.to',
];

/** The process's JSON logger (pino); `destination` lets tests read what was logged. */
export function createLogger(
  config: AppConfig,
  name: string,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name,
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Nest's own log calls, as JSON lines through pino; an object message becomes fields. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) {
      this.logger.info({ context, ...message });
    } else {
      this.logger.info({ context }, String(message));
    }
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

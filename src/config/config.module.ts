import { Global, Module } from '@nestjs/common';
import { AppConfig, parseConfig } from './config.schema';

export const APP_CONFIG = Symbol('APP_CONFIG');

let cached: AppConfig | undefined;

/** The one place that reads process.env (and the optional .env file). */
export function loadConfig(): AppConfig {
  if (!cached) {
    try {
      process.loadEnvFile();
    } catch {
      // No .env file: the environment alone configures the service.
    }
    cached = parseConfig(process.env);
  }
  return cached;
}

@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: loadConfig }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { inventory } from './app-inventory';
import { configureApp } from './app.setup';
import { loadConfig } from './config/config.module';
import { createLogger, NestPinoLogger } from './logging/logger';
import { runMain } from './run-main';

runMain('api', async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    rawBody: true,
    logger: new NestPinoLogger(logger),
  });
  configureApp(app, config, logger);
  logger.info(inventory(app), 'api: constructed');
  await app.listen(config.http.port, config.http.host);
  logger.info(`api: listening on http://${config.http.host}:${config.http.port}`);
  // SIGTERM: no new requests, the running ones answered, connections closed, exit 0.
  await new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  logger.info('api: stopping');
  await app.close();
  logger.info('api: stopped');
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { loadConfig } from './config/config.module';
import { runMain } from './run-main';

runMain('api', async () => {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, {
    logger:
      config.logLevel === 'debug' ? ['debug', 'log', 'warn', 'error'] : ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Onboarding service')
    .setDescription('HR webhook, onboarding status and admin actions')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  await app.listen(config.http.port, config.http.host);
  console.log(`api: listening on http://${config.http.host}:${config.http.port}`);
});

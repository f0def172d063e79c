import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './config/config.schema';
import { ProblemFilter } from './http/problem';

export const MAX_BODY = '64kb';

/** Everything main.ts does to the app besides listening; tests call it too. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  // The raw bytes are kept (rawBody: true at creation) for webhook signature checks.
  app.useBodyParser('json', { limit: MAX_BODY });
  app.useGlobalFilters(new ProblemFilter());
  // Only the Temporal Web UI calls us cross-origin (the codec endpoint).
  app.enableCors({ origin: [new URL(config.temporal.uiUrl).origin], credentials: true });
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Onboarding service')
    .setDescription(
      'HR webhook (Standard Webhooks signatures), onboarding status and admin actions. ' +
        'Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
}

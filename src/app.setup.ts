import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './config/config.schema';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import cors from 'cors';
import type { NextFunction, Request, Response } from 'express';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { requestContext } from './logging/request-context';
import { requestLogger } from './logging/request-logger';
import { ONBOARDING_EVENT_TYPES } from './events/event.schema';
import { mountBulkBodyParser } from './bulk-intake/bulk-intake.http';
import { mountAdapterPingParsers } from './hr-adapters/hr-adapter.http';
import { WorkflowStartsQueue } from './bulk-intake/workflow-starts.queue';
import { HrEventsQueue } from './events/hr-events.queue';
import { HrInboundQueue } from './hr-adapters/hr-inbound.queue';
import { ProblemFilter } from './http/problem';
import { MailQueue } from './mail/mail.queue';
import { Metrics } from './metrics/metrics';
import { isOpsRequest } from './ops/ops-auth';
import { mountScimBodyParsers } from './scim/scim.http';

export const MAX_BODY = '64kb';
/** The employee's forms hold a few short fields: a few KB is plenty, and caps every check's work. */
export const MAX_FORM = '8kb';
/** The pages' stylesheet and script may be reused a few minutes: a deploy shows soon enough. */
const ASSET_MAX_AGE_MS = 300_000;

/** @simplewebauthn/browser's own browser build, served from our origin (the CSP allows no other). */
const WEBAUTHN_BUNDLE = join(
  dirname(require.resolve('@simplewebauthn/browser')),
  '..',
  'dist',
  'bundle',
  'index.umd.min.js',
);

/** The body HR's callback URL receives, for the OpenAPI document. */
const HR_EVENT_SCHEMA: NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string] = {
  type: 'object',
  required: ['id', 'type', 'timestamp', 'data'],
  properties: {
    id: { type: 'string', description: 'Also the webhook-id header: drop repeats by it' },
    type: { type: 'string', enum: [...ONBOARDING_EVENT_TYPES] },
    timestamp: { type: 'string', format: 'date-time' },
    data: {
      type: 'object',
      required: ['onboardingId', 'employeeId'],
      properties: { onboardingId: { type: 'string' }, employeeId: { type: 'string' } },
      additionalProperties: true,
    },
  },
};

/** Everything main.ts does to the app besides listening; tests call it too. */
export function configureApp(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  app.use(requestLogger(logger));
  app.use(requestContext);
  const latency = app.get(Metrics).httpSeconds;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = latency.startTimer({ method: req.method });
    res.on('finish', () => {
      // The route pattern, not the path: ids would explode the label set.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route, status: res.statusCode });
    });
    next();
  });
  // Per-address limits need the client's address, not the load balancer's.
  app.set('trust proxy', config.http.trustProxyHops);
  mountScimBodyParsers(app, MAX_BODY);
  mountBulkBodyParser(app);
  mountAdapterPingParsers(app);
  // The raw bytes are kept (rawBody: true at creation) for webhook signature checks.
  app.useBodyParser('json', { limit: MAX_BODY });
  app.useBodyParser('urlencoded', { limit: MAX_FORM, extended: true, parameterLimit: 50 });
  app.useGlobalFilters(new ProblemFilter());
  // The pages' stylesheet and script: served before any session is loaded (they need none),
  // and never sniffed as another type. Anything else under /assets/ falls through to a 404.
  app.use('/assets/webauthn.js', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.sendFile(WEBAUTHN_BUNDLE, {
      maxAge: ASSET_MAX_AGE_MS,
      headers: { 'X-Content-Type-Options': 'nosniff' },
    });
  });
  app.useStaticAssets(join(__dirname, 'web', 'assets'), {
    prefix: '/assets/',
    maxAge: ASSET_MAX_AGE_MS,
    index: false,
    redirect: false,
    setHeaders: (res: Response) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  // Only the Temporal Web UI calls us cross-origin, and only the codec endpoint.
  app.use(
    '/api/v1/codec',
    cors({ origin: [new URL(config.temporal.uiUrl).origin], credentials: true }),
  );
  mountQueueDashboard(app, config);

  const openApi = new DocumentBuilder()
    .setTitle('Onboarding service')
    .setDescription(
      'HR webhook (Standard Webhooks signatures), onboarding status and admin actions; ' +
        'A bulk of up to 500 hires at /api/v1/onboardings/bulk, answered per hire. ' +
        "Personio, HiBob and BambooHR webhooks at /api/v1/hr/<vendor>, each checked its vendor's way. " +
        'SCIM 2.0 provisioning under /scim/v2 (bearer token per HR client, SCIM errors). ' +
        'Errors are application/problem+json (RFC 9457). HR events (schema HrEvent) go to ' +
        "the client's callback URL, signed the same way. The employee's pages (server-rendered, " +
        'not part of this API): /login (login code, password, "Inloggen met een passkey"), ' +
        '/login/new-code (a lost or expired code), /account/credentials, /account/2fa (the ' +
        'authenticator app and, per TWO_FACTOR_METHODS, a passkey), /account/recovery-codes, ' +
        '/portal and /account/security (password, passkeys, authenticator, recovery codes, ' +
        'sessions).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'SCIM_TOKEN' }, 'scim')
    .build();
  SwaggerModule.setup('docs', app, () => {
    const document = SwaggerModule.createDocument(app, openApi);
    // Nest documents routes only: what HR's callback URL receives is added by hand.
    document.components = {
      ...document.components,
      schemas: { ...document.components?.schemas, HrEvent: HR_EVENT_SCHEMA },
    };
    return document;
  });
}

/** Bull Board at /ops/queues: waiting, active, failed and completed jobs; retry and remove. */
function mountQueueDashboard(app: NestExpressApplication, config: AppConfig): void {
  const basePath = '/ops/queues';
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: [
      new BullMQAdapter(app.get(MailQueue).queue),
      new BullMQAdapter(app.get(HrEventsQueue).queue),
      new BullMQAdapter(app.get(HrInboundQueue).queue),
      new BullMQAdapter(app.get(WorkflowStartsQueue).queue),
    ],
    serverAdapter,
  });
  app.use(basePath, (req: Request, res: Response, next: NextFunction) => {
    if (isOpsRequest(req, config)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="ops", charset="UTF-8"')
      .type('application/problem+json')
      .json({
        type: 'urn:problem:onboarding:ops-auth',
        title: 'Ops authentication required',
        status: 401,
      });
  });
  app.use(basePath, serverAdapter.getRouter());
}

import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { APP_CONFIG, loadConfig } from '../../src/config/config.module';
import { type AppConfig } from '../../src/config/config.schema';

async function startApi(config: AppConfig): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('health endpoints', () => {
  it('reports liveness and each real dependency as up', async () => {
    const { app, url } = await startApi(loadConfig());
    try {
      const live = await fetch(`${url}/health`);
      expect(live.status).toBe(200);

      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as {
        status: string;
        checks: Record<string, { status: string }>;
      };
      expect(body.status).toBe('ready');
      expect(Object.keys(body.checks).sort()).toEqual(['mongodb', 'redis', 'temporal']);
      for (const check of Object.values(body.checks)) expect(check.status).toBe('up');
    } finally {
      await app.close();
    }
  });

  it('answers 503 and names Redis when Redis cannot be reached', async () => {
    const config = loadConfig();
    // Port 1 on loopback refuses connections: a dependency that is down.
    const { app, url } = await startApi({
      ...config,
      redis: { ...config.redis, url: 'redis://127.0.0.1:1/0' },
    });
    try {
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      const body = JSON.parse(text) as {
        checks: Record<string, { status: string; message?: string }>;
      };
      expect(body.checks.redis).toMatchObject({ status: 'down', message: 'unreachable' });
      // The kind of trouble, not the driver's message with hosts and ports in it.
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:1\b|max retries/i);
      expect(body.checks.mongodb?.status).toBe('up');
      expect(body.checks.temporal?.status).toBe('up');
    } finally {
      await app.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  ensurePrometheus,
  prometheusDir,
  type PrometheusServer,
  startPrometheus,
} from '../../scripts/stack/prometheus';
import { testProfile } from '../../scripts/stack/profile';
import { decodeSecret } from '../../src/hr-clients/standard-webhooks';
import { Harness, newHire } from '../support/harness';
import { HrReceiver } from '../support/hr-receiver';
import { freePort } from '../support/ports';
import { eventually } from '../support/wait';

const TOKEN = 'ops-token-for-the-prometheus-test';
const CLIENT_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
// A client of its own: the database's older onboardings of other tests are not this test's.
const CLIENT = `prom-test-${Date.now().toString(36)}`;
const STUCK_AFTER_SECONDS = 3;

interface AlertsAnswer {
  data: { alerts: { labels: Record<string, string>; state: 'pending' | 'firing' }[] };
}
interface QueryAnswer {
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

/**
 * A real Prometheus on the deployment's alert rules, scraping this test's API and Temporal
 * worker each second. The stuck thresholds are recording rules of their own file
 * (rules/thresholds.yml), so this test loads the real alert rules unchanged beside a
 * thresholds file of its own that calls an invited onboarding stuck after 3 seconds.
 */
describe('the alert rules on a real Prometheus', () => {
  let h: Harness;
  let receiver: HrReceiver;
  let workerMetrics: Server;
  let prometheus: PrometheusServer;
  let dir: string;

  beforeAll(async () => {
    const tools = await ensurePrometheus(testProfile, (line) => process.stderr.write(`${line}\n`));
    receiver = await HrReceiver.start(CLIENT_SECRET);
    h = await Harness.start({
      queueWorkers: true,
      configure: (c) => ({
        ...c,
        security: { ...c.security, opsToken: TOKEN },
        events: { ...c.events, backoffMs: 200 },
        hrClients: [
          ...c.hrClients,
          { id: CLIENT, keys: [decodeSecret(CLIENT_SECRET)!], callbackUrl: receiver.url },
        ],
      }),
    });
    // The harness's Temporal worker runs in this process; serve its registry as
    // WORKER_METRICS_PORT would.
    const workerPort = await freePort();
    workerMetrics = createServer((_req, res) => {
      h.workerMetrics().then(
        (text) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text),
        () => res.writeHead(500).end(),
      );
    }).listen(workerPort, '127.0.0.1');

    dir = mkdtempSync(join(tmpdir(), 'onboarding-prometheus-'));
    writeFileSync(
      join(dir, 'thresholds.yml'),
      stringify({
        groups: [
          {
            name: 'onboarding-thresholds',
            rules: [
              {
                record: 'onboarding:step_stuck_threshold_seconds',
                expr: `vector(${STUCK_AFTER_SECONDS})`,
                labels: { status: 'invited' },
              },
            ],
          },
        ],
      }),
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(prometheusDir, 'rules', 'onboarding.yml'), join(dir, 'thresholds.yml')],
        scrape_configs: [
          {
            job_name: 'api',
            authorization: { credentials: TOKEN },
            static_configs: [{ targets: [new URL(h.url).host] }],
          },
          {
            job_name: 'temporal-worker',
            static_configs: [{ targets: [`127.0.0.1:${workerPort}`] }],
          },
        ],
      }),
    );
    prometheus = await startPrometheus(tools.prometheus, {
      configFile: join(dir, 'prometheus.yml'),
      dir,
      port: await freePort(),
    });
  }, 120_000);

  afterAll(async () => {
    await prometheus?.process.stop();
    workerMetrics?.close();
    await h?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const alerts = async () => {
    const res = await fetch(`${prometheus.url}/api/v1/alerts`);
    return ((await res.json()) as AlertsAnswer).data.alerts;
  };

  const query = async (expr: string) => {
    const res = await fetch(
      `${prometheus.url}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`,
    );
    return ((await res.json()) as QueryAnswer).data.result;
  };

  it('fires OnboardingStuckInStep for the client and step of an onboarding left waiting, and counts its HR event deliveries', async () => {
    // HR's callback fails once: the queue worker's counts reach Prometheus through the API.
    receiver.failNext = 1;
    // Valid for 10 minutes: it stays invited, the hire never redeems the code.
    const res = await h.hr<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ policy: { codeValidity: '10m' } }),
      { secret: CLIENT_SECRET },
    );
    expect(res.status).toBe(202);
    await eventually('the invite', () =>
      h.latestCode(res.body.onboardingId).catch(() => undefined),
    );

    const stuck = await eventually(
      'OnboardingStuckInStep firing for the test client',
      async () =>
        (await alerts()).find(
          (a) =>
            a.labels.alertname === 'OnboardingStuckInStep' &&
            a.labels.client === CLIENT &&
            a.state === 'firing',
        ),
      45_000,
    );
    expect(stuck.labels).toMatchObject({ status: 'invited', severity: 'warning', job: 'api' });

    // What the down alerts watch: both processes are scraped, and the API sees the queue
    // workers. (Not "no down alert pending": on a loaded CI machine one slow scrape makes one
    // pending for a moment; and none can fire here, each waits 2 minutes.) Waited for:
    // Prometheus starts scraping new targets only after a 5 s discovery tick, each job on its
    // own, so the worker's first scrape can come after the API's alert has fired.
    for (const job of ['api', 'temporal-worker']) {
      const up = await eventually(`a scrape of ${job}`, async () => {
        const series = await query(`max_over_time(up{job="${job}"}[1m])`);
        return series.length > 0 ? series.map((r) => Number(r.value[1])) : undefined;
      });
      expect([job, up]).toEqual([job, [1]]);
    }
    const mailWorkers = await query('onboarding_queue_workers{queue="mail"}');
    expect(mailWorkers.map((r) => Number(r.value[1]))).toEqual([1]);

    await eventually('a failed and a delivered attempt in Prometheus', async () => {
      const counts = await query(
        `sum by (outcome) (onboarding_hr_event_deliveries_total{client="${CLIENT}"})`,
      );
      const outcomes = counts.filter((c) => Number(c.value[1]) > 0).map((c) => c.metric.outcome);
      return outcomes.includes('failed') && outcomes.includes('delivered') ? outcomes : undefined;
    });
  }, 90_000);
});

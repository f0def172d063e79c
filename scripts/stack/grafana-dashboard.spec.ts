import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { testProfile } from './profile';
import { ensurePrometheus } from './prometheus';

const root = resolve(__dirname, '..', '..');
const grafanaDir = join(root, 'deploy', 'grafana');
const dashboardFile = join(grafanaDir, 'dashboards', 'onboarding.json');

interface Target {
  refId: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: {
    list: { name: string; datasource?: { uid?: string }; definition?: string; query?: unknown }[];
  };
}

/** Every TypeScript file under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The metric names the service exports, read from its code rather than kept by hand here:
 * every prom-client metric is declared with `name: 'onboarding_…'` (src/metrics/, the HR
 * adapters), so renaming or removing one in the code fails this test for a dashboard that
 * still queries the old name. prom-client's default metrics carry the `onboarding_process_`
 * prefix (src/metrics/metrics.ts), so that prefix counts as exported too.
 */
function exportedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bname:\s*'(onboarding_[a-z0-9_]+)'/g)) {
      names.add(m[1]!);
    }
  }
  return names;
}

/** The metric names an expression queries; a histogram's series name its base metric. */
function metricsOf(expr: string): string[] {
  const names = (expr.match(/\bonboarding_[a-z0-9_]+/g) ?? []).map((name) =>
    name.replace(/_(bucket|sum|count)$/, ''),
  );
  return [...new Set(names)];
}

/** Every panel, those inside rows included. */
function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard;
const panels = allPanels(dashboard.panels);
const queryPanels = panels.filter((p) => p.type !== 'row');
const targets = queryPanels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, ...t })),
);
const provisioned = parse(
  readFileSync(join(grafanaDir, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'),
) as { datasources: { uid: string; type: string }[] };

describe('the Grafana dashboard in deploy/grafana/dashboards', () => {
  it('is a dashboard with panels, each with a unique id', () => {
    expect(dashboard.uid).toBe('onboarding');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(queryPanels.length).toBeGreaterThan(10);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every panel a title and at least one query', () => {
    const unfit = queryPanels
      .filter((p) => !p.title?.trim() || (p.targets ?? []).length === 0)
      .map((p) => p.title ?? `panel ${p.id}`);
    expect(unfit).toEqual([]);
  });

  it('queries only metrics the service exports', () => {
    const exported = exportedMetrics();
    // The code's own list is found at all (a broken regex would make this test pass on nothing).
    expect(exported).toContain('onboarding_transitions_total');
    expect(exported).toContain('onboarding_http_request_duration_seconds');
    const unknown = targets.flatMap((t) => {
      const names = metricsOf(t.expr ?? '');
      if (names.length === 0) return [`${t.panel} (${t.refId}): no onboarding_ metric`];
      return names
        .filter((n) => !exported.has(n) && !n.startsWith('onboarding_process_'))
        .map((n) => `${t.panel} (${t.refId}): ${n}`);
    });
    const variables = dashboard.templating.list.flatMap((v) =>
      metricsOf(v.definition ?? '').filter((n) => !exported.has(n)),
    );
    expect([...unknown, ...variables]).toEqual([]);
  });

  it('uses the provisioned Prometheus data source everywhere', () => {
    expect(provisioned.datasources).toEqual([
      expect.objectContaining({ uid: 'prometheus', type: 'prometheus' }),
    ]);
    const { uid } = provisioned.datasources[0]!;
    const used = [
      ...queryPanels.map((p) => p.datasource),
      ...targets.map((t) => t.datasource),
      ...dashboard.templating.list.map((v) => v.datasource),
    ];
    expect(used.filter((d) => d?.uid !== uid)).toEqual([]);
  });

  it('filters by the client variable wherever the metric has a client label', () => {
    expect(dashboard.templating.list.map((v) => v.name)).toContain('client');
    const clientMetrics = [
      'onboarding_onboardings',
      'onboarding_transitions_total',
      'onboarding_oldest_step_age_seconds',
      'onboarding_expiring_soon',
      'onboarding_escalations_total',
      'onboarding_hr_event_deliveries_total',
    ];
    const unfiltered = targets
      .filter((t) => metricsOf(t.expr ?? '').some((n) => clientMetrics.includes(n)))
      .filter((t) => !t.expr?.includes('client=~"$client"'))
      .map((t) => `${t.panel} (${t.refId})`);
    expect(unfiltered).toEqual([]);
  });

  it('has queries that parse as PromQL (promtool, with the variables filled in)', async () => {
    const tools = await ensurePrometheus(testProfile, (line) => process.stderr.write(`${line}\n`));
    const dir = mkdtempSync(join(tmpdir(), 'onboarding-dashboard-'));
    try {
      // Grafana fills these in before Prometheus sees the query.
      const fill = (expr: string) =>
        expr
          .replaceAll('$__rate_interval', '1m')
          .replaceAll('$__range', '7d')
          .replaceAll('$client', '.*');
      const rules = targets.map((t, i) => ({
        record: `dashboard:query_${i}`,
        expr: fill(t.expr!),
      }));
      const file = join(dir, 'queries.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const run = spawnSync(tools.promtool, ['check', 'rules', file], { encoding: 'utf8' });
      expect({ code: run.status, output: `${run.stdout}${run.stderr}` }).toMatchObject({ code: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('metricsOf', () => {
  it('names each histogram by its metric', () => {
    expect(
      metricsOf(
        'sum(rate(onboarding_http_request_duration_seconds_bucket[5m])) / sum(rate(onboarding_http_request_duration_seconds_count[5m]))',
      ),
    ).toEqual(['onboarding_http_request_duration_seconds']);
    expect(metricsOf('onboarding:open_onboardings')).toEqual([]);
  });
});

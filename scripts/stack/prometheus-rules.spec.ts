import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { testProfile } from './profile';
import { ensurePrometheus, prometheusDir, type PrometheusTools } from './prometheus';

interface Rule {
  alert?: string;
  record?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface UnitTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const ruleFiles = readdirSync(join(prometheusDir, 'rules'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(prometheusDir, 'rules', f));
const testFiles = readdirSync(join(prometheusDir, 'tests'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(prometheusDir, 'tests', f));

const alerts = ruleFiles
  .flatMap((f) => (parse(readFileSync(f, 'utf8')) as RuleFile).groups)
  .flatMap((g) => g.rules)
  .filter((r): r is Rule & { alert: string } => r.alert !== undefined);

describe('the Prometheus rules in deploy/prometheus', () => {
  let tools: PrometheusTools;
  beforeAll(async () => {
    // Installs Debian's prometheus package when missing and running as root.
    tools = await ensurePrometheus(testProfile, (line) => process.stderr.write(`${line}\n`));
  }, 300_000);

  /** promtool's exit code and output together, so a failure shows what promtool said. */
  const promtool = (...args: string[]) => {
    const run = spawnSync(tools.promtool, args, { cwd: prometheusDir, encoding: 'utf8' });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  };

  it('pass promtool check rules, and the scrape configuration its syntax check', () => {
    expect(promtool('check', 'rules', ...ruleFiles)).toMatchObject({ code: 0 });
    expect(promtool('check', 'config', '--syntax-only', 'prometheus.yml')).toMatchObject({
      code: 0,
    });
  });

  it('pass their promtool unit tests', () => {
    expect(promtool('test', 'rules', ...testFiles)).toMatchObject({ code: 0 });
  });

  it('give every alert a severity, a summary and a runbook line', () => {
    expect(alerts.length).toBeGreaterThan(0);
    const unfit = alerts
      .filter(
        (a) =>
          !/^(critical|warning)$/.test(a.labels?.severity ?? '') ||
          Object.keys(a.annotations ?? {})
            .sort()
            .join() !== 'runbook,summary',
      )
      .map((a) => a.alert);
    expect(unfit).toEqual([]);
  });

  it('test every alert firing in one case and quiet in another', () => {
    const cases = testFiles
      .flatMap((f) => (parse(readFileSync(f, 'utf8')) as UnitTests).tests)
      .flatMap((t) => t.alert_rule_test ?? []);
    const coverage = alerts.map(({ alert }) => {
      const mine = cases.filter((c) => c.alertname === alert);
      return {
        alert,
        fires: mine.some((c) => c.exp_alerts.length > 0),
        quiet: mine.some((c) => c.exp_alerts.length === 0),
      };
    });
    expect(coverage).toEqual(alerts.map(({ alert }) => ({ alert, fires: true, quiet: true })));
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { repoRoot } from '../scripts/stack/profile';
import { BENCH_PROCESS, type CpuCost, type CpuTimes, sumMs } from './cpu';
import { profileTable } from './cpu-profile';
import { type CpuFloor } from './floor';
import { type BenchResults, type ProfileRecord } from './results';
import { type LatencySummary, ratio, round } from './stats';
import { mark, TARGETS } from './targets';

export const docsDir = join(repoRoot, 'docs', 'benchmarks');
const resultsFile = join(docsDir, 'results.json');
const profileFile = join(docsDir, 'profile.json');

/** Writes results.json (unless profiled) or profile.json, then README.md from whatever exists. */
export async function writeReport(
  results: BenchResults,
  profile: ProfileRecord | undefined,
): Promise<string[]> {
  await mkdir(docsDir, { recursive: true });
  // A profiled run's numbers carry the profiler's cost: they must not replace clean ones.
  const [file, data] = profile ? [profileFile, profile] : [resultsFile, results];
  await writePretty(file, JSON.stringify(data), 'json');
  const clean = profile ? readJson<BenchResults>(resultsFile) : results;
  const readme = join(docsDir, 'README.md');
  await writePretty(
    readme,
    renderReadme(clean, profile ?? readJson<ProfileRecord>(profileFile)),
    'markdown',
  );
  return [file, readme];
}

/** Formatted as `npm run format` would, so the files stay clean for `prettier --check`. */
async function writePretty(file: string, text: string, parser: 'json' | 'markdown') {
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(text, { ...options, parser }));
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

const tri = (l: LatencySummary) => `${l.p50} / ${l.p95} / ${l.p99}`;
const mib = (bytes: number | undefined) =>
  bytes === undefined ? '–' : `${(bytes / 1048576).toFixed(1)} MiB`;

function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function renderReadme(
  results: BenchResults | undefined,
  profile: ProfileRecord | undefined,
): string {
  const parts = [
    '# Benchmarks',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Every limit is measured in ' +
      'the same run on the same machine as the number it is compared with. Latencies are in ' +
      'milliseconds as p50 / p95 / p99, measured by the bench process (which shares the machine ' +
      'with the servers). Targets live only here (bench/targets.ts).',
  ];
  if (results) parts.push(header(results), ...scenarioSections(results));
  else parts.push('No clean run recorded yet: run `npm run bench`.');
  if (profile) parts.push(profileSection(profile));
  return `${parts.join('\n\n')}\n`;
}

function header(r: BenchResults): string {
  const m = r.machine;
  const v = r.versions;
  const lines = [
    `- **Date**: ${r.date}, ${r.durationSeconds} s`,
    `- **Command**: \`${r.command}\`${r.quick ? ' (quick: small sizes, a smoke run only)' : ''}`,
    `- **Machine**: ${m.cores} cores, ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB ` +
      `memory, ${m.os}; Node.js ${m.node}`,
    `- **Temporal**: CLI ${v.temporalCli}; server ${v.temporalServer} (start-dev, in memory)`,
    `- **MongoDB wire**: ${v.ferretdb}; **redis-server** ${v.redisServer}`,
    `- **npm**: ${Object.entries(v.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    `- **Service settings** (bench/environment.ts says why): ${Object.entries(r.settings)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ')}`,
  ];
  return `## Run\n\n${lines.join('\n')}`;
}

function scenarioSections(r: BenchResults): string[] {
  const s = r.scenarios;
  const sections = [
    s.intake ? intakeSection(s.intake) : '',
    s.activation ? activationSection(s.activation) : '',
    s.scale ? scaleSection(s.scale) : '',
    s.reminders ? remindersSection(s.reminders) : '',
  ];
  const lost =
    (s.intake?.levels.reduce((sum, l) => sum + l.lostInvites, 0) ?? 0) +
    (s.scale?.lostInvites ?? 0) +
    (s.reminders?.lostReminders ?? 0);
  const stuck = s.activation?.levels.reduce((sum, l) => sum + l.failures, 0) ?? 0;
  if (lost + stuck > 0) {
    sections.push(
      LOST_UPDATE_NOTE.replace('{lost}', String(lost)).replace('{stuck}', String(stuck)),
    );
  }
  const errors = Object.entries(r.errors).map(([name, error]) => `- **${name} failed:** ${error}`);
  if (errors.length > 0) sections.push(`## Errors\n\n${errors.join('\n')}`);
  return sections.filter(Boolean);
}

const LOST_UPDATE_NOTE =
  '## Lost invites and dead codes\n\n{lost} mails never reached the SMTP sink although their ' +
  'onboardings were accepted, and {stuck} employees could not activate (their first error is ' +
  'in results.json; "Deze logincode klopt niet" means the code in their invite no longer ' +
  'matched). Every accepted hire should get one working invite: any number here is a bug.';

function intakeSection(result: NonNullable<BenchResults['scenarios']['intake']>): string {
  const rows = result.levels.map((l) => [
    l.concurrency,
    `${l.webhooks - l.failures}/${l.webhooks}`,
    l.lostInvites,
    l.perSecond,
    tri(l.webhookMs),
    tri(l.inviteQueuedMs),
    tri(l.inviteSentMs),
    l.limit.perSecond,
    tri(l.limit.startMs),
    l.ratio,
    `${mark(l.webhookMs.p95 <= TARGETS.intakeWebhookP95Ms)} ${mark(l.inviteSentMs.p95 <= TARGETS.intakeInviteSentP95Ms)}`,
  ]);
  return [
    '## 1. Intake: signed webhooks in, workflows started, invites out',
    'Each webhook is a new hire (unique employeeId); it answers 202 once the onboarding is stored ' +
      'and its workflow started. _Limit_: `client.workflow.start` of an empty workflow on the same ' +
      'Temporal server, at the same concurrency. _Ratio_: webhooks/s ÷ starts/s. ' +
      `Targets: webhook p95 ≤ ${TARGETS.intakeWebhookP95Ms} ms, invite at the SMTP server p95 ≤ ` +
      `${TARGETS.intakeInviteSentP95Ms} ms.`,
    table(
      [
        'concurrency',
        'accepted',
        'invites lost',
        'webhooks/s',
        'webhook ms',
        'invite queued ms',
        'invite sent ms',
        'limit: starts/s',
        'limit: start ms',
        'ratio',
        'targets',
      ],
      rows,
    ),
    cpuSection(
      'accepted hire, until its invite was sent and its event delivered',
      TARGETS.cpuPerHireMs,
      result.levels.map((l) => ({
        label: `c=${l.concurrency}`,
        cost: l.cpu,
        measured: l.perSecond,
      })),
      'Above 1, webhooks were accepted faster than invites can go out for long: the burst waits ' +
        'durably in Temporal and the queues, and the ceiling is the rate that can be kept up.',
    ),
  ].join('\n\n');
}

function activationSection(result: NonNullable<BenchResults['scenarios']['activation']>): string {
  const a = result.argon2;
  const rows = result.levels.map((l) => {
    const worst = Math.max(l.stepMs.code.p95, l.stepMs.credentials.p95, l.stepMs.twoFactor.p95);
    return [
      l.concurrency,
      `${l.employees - l.failures}/${l.employees}`,
      l.completionsPerSecond,
      tri(l.stepMs.open),
      tri(l.stepMs.code),
      tri(l.stepMs.credentials),
      tri(l.stepMs.twoFactor),
      tri(l.stepMs.total),
      l.limit.perSecond,
      tri(l.limit.hashMs),
      l.ratio,
      `${mark(worst <= TARGETS.activationStepP95Ms)} ${mark(l.ratio >= TARGETS.activationRatio)}`,
    ];
  });
  return [
    '## 2. Activation: employees finish the web flow',
    'Each employee opens the invite link, submits the login code from the mail, sets username ' +
      'and password, and activates 2FA with a TOTP computed from the key on the page; a step is ' +
      'the submit plus the page it redirects to. _Limit_: raw argon2id hashes ' +
      `(${a.memoryCost} KiB, t=${a.timeCost}, p=${a.parallelism}), one per employee, same ` +
      'concurrency. _Ratio_: completions/s ÷ hashes/s. ' +
      `Targets: every step p95 ≤ ${TARGETS.activationStepP95Ms} ms, ratio ≥ ${TARGETS.activationRatio}.`,
    table(
      [
        'concurrency',
        'active',
        'completions/s',
        'open ms',
        'code ms',
        'credentials ms',
        '2FA ms',
        'whole flow ms',
        'limit: hashes/s',
        'limit: hash ms',
        'ratio',
        'targets',
      ],
      rows,
    ),
    cpuSection(
      'finished flow, until its mails were sent and its events delivered',
      TARGETS.cpuPerFlowMs,
      result.levels.map((l) => ({
        label: `c=${l.concurrency}`,
        cost: l.cpu,
        measured: l.completionsPerSecond,
      })),
    ),
    result.floor ? floorSection(result.floor) : '',
  ].join('\n\n');
}

/** What Temporal, the database and argon2 cost alone, so the CPU targets can be read against them. */
function floorSection(floor: CpuFloor): string {
  const parts = (times: Record<string, number>) =>
    Object.entries(times)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ');
  const hire = TARGETS.cpuPerHireMs;
  const flow = TARGETS.cpuPerFlowMs;
  const share = (times: CpuTimes, of: number, what: string) =>
    `${round((100 * sumMs(times)) / of)} % of ${what} (${of} ms)`;
  const row = (what: string, times: CpuTimes, of: number, target: string) => [
    what,
    sumMs(times),
    parts(times),
    share(times, of, target),
  ];
  const rows = [
    ...(floor.perHireMs
      ? [row(`a bare hire (${floor.flows} runs)`, floor.perHireMs, hire, 'a hire')]
      : []),
    row(`a bare flow (${floor.flows} runs)`, floor.perFlowMs, hire + flow, 'a hire and its flow'),
    row(
      `a database command: find by _id (${floor.commands} runs)`,
      floor.perCommandMs,
      hire + flow,
      'a hire and its flow',
    ),
    ...(floor.perHashMs
      ? [row(`an argon2id hash (${floor.hashes} runs)`, floor.perHashMs, flow, 'a flow')]
      : []),
  ];
  return [
    "_Floor_: the same Temporal server and database with none of the service's work, measured " +
      'from the bench process while the service idles. A _bare hire_ is a workflow start and ' +
      'one local activity that does nothing, after which it ends; a _bare flow_ is the shape ' +
      'of a hire and its flow: a start, three updates and five such local activities. The ' +
      `hash is the one every flow's password costs. Targets: ${hire} ms per hire, ${flow} per ` +
      'flow.',
    table(['what', 'CPU ms', 'by process', 'share of the target'], rows),
  ].join('\n\n');
}

/**
 * Where the machine's CPU went per unit of work, read from /proc for every process. Its
 * ceiling (cores ÷ CPU per unit) is what this machine could do at that cost.
 */
function cpuSection(
  unit: string,
  targetMs: number,
  levels: { label: string; cost: CpuCost; measured: number }[],
  note?: string,
): string {
  const totals = new Map<string, number>();
  for (const { cost } of levels) {
    for (const [name, ms] of Object.entries(cost.perItemMs)) {
      totals.set(name, (totals.get(name) ?? 0) + ms);
    }
  }
  const names = [...totals.entries()]
    .filter(([name]) => name !== BENCH_PROCESS)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
  const rows = levels.map(({ label, cost, measured: perSecond }) => [
    label,
    ...names.map((name) => cost.perItemMs[name] ?? 0),
    `${cost.totalPerItemMs} ${mark(cost.totalPerItemMs <= targetMs)}`,
    cost.perItemMs[BENCH_PROCESS] ?? 0,
    cost.ceilingPerSecond,
    perSecond,
    ratio(perSecond, cost.ceilingPerSecond),
  ]);
  return [
    `CPU ms per ${unit}, by process (user + system time from /proc; postgresql only when ` +
      'FerretDB runs on it). _Total_: the service and its servers; the bench process (HR, the ' +
      'SMTP server and the employees) shares the cores but is not in it. _Ceiling_: cores × ' +
      `1000 ÷ total, the rate at which this machine runs out of CPU. Target: total ≤ ${targetMs} ms.` +
      (note ? ` ${note}` : ''),
    table(
      ['level', ...names, 'total', 'bench', 'ceiling/s', 'measured/s', 'measured ÷ ceiling'],
      rows,
    ),
  ].join('\n\n');
}

function scaleSection(s: NonNullable<BenchResults['scenarios']['scale']>): string {
  const perOnb = s.bytesPerOpenOnboarding;
  const memoryRows = Object.keys(s.rssAfter).map((name) => [
    name,
    mib(s.rssBefore[name]),
    mib(s.rssAfter[name]),
    perOnb[name] ?? '–',
  ]);
  const latency = [
    [
      'GET /api/v1/onboardings/:id',
      tri(s.baseline.getStatusMs),
      tri(s.loaded.getStatusMs),
      s.p95Ratio.getStatus,
      mark(s.p95Ratio.getStatus <= TARGETS.scaleP95Ratio),
    ],
    [
      'POST /api/v1/onboardings',
      tri(s.baseline.webhookMs),
      tri(s.loaded.webhookMs),
      s.p95Ratio.webhook,
      mark(s.p95Ratio.webhook <= TARGETS.scaleP95Ratio),
    ],
    [
      '_limit_: database findOne by _id',
      tri(s.baseline.databaseFindMs),
      tri(s.loaded.databaseFindMs),
      s.p95Ratio.databaseFind,
      '',
    ],
  ];
  const workerBytes = perOnb['temporal-worker'] ?? 0;
  return [
    `## 3. Scale: ${s.open} open onboardings waiting`,
    (s.open < s.target
      ? `**${s.target} were asked for; the ${s.budgetSeconds} s time budget ran out at ${s.open}.** `
      : '') +
      `Opened with ${s.createConcurrency} webhooks at a time: ${s.createdPerSecond}/s over ${s.createSeconds} s ` +
      `(${s.failures} failed); the invites were at the SMTP server ${s.allInvitesSentSeconds} s ` +
      `after the first webhook (${s.lostInvites} never arrived). Memory is VmRSS before and ` +
      'after (once the queues were empty again, plus 5 s). The Temporal worker keeps at most ' +
      '`TEMPORAL_MAX_CACHED_WORKFLOWS` (default 1000) onboardings in memory, so past that its ' +
      'memory stays flat and the bytes per open onboarding fall as N grows. ' +
      `Target: Temporal worker ≤ ${TARGETS.scaleWorkerBytesPerOnboarding} bytes per open ` +
      `onboarding ${mark(workerBytes <= TARGETS.scaleWorkerBytesPerOnboarding)}.`,
    table(
      ['process', 'RSS before', `RSS with ${s.open} open`, 'bytes per open onboarding'],
      memoryRows,
    ),
    '_Limit_: the same calls at baseline (before the N were opened, with the queues empty), ' +
      'four at a time, and the database alone answering the lookup every call starts with. ' +
      `_Ratio_: p95 with N open ÷ p95 at baseline; target ≤ ${TARGETS.scaleP95Ratio}.`,
    table(['call', 'baseline ms', `with ${s.open} open ms`, 'p95 ratio', 'target'], latency),
  ].join('\n\n');
}

function remindersSection(r: NonNullable<BenchResults['scenarios']['reminders']>): string {
  const rows = [
    ['onboardings', r.onboardings, ''],
    [
      'every reminder at the SMTP server after',
      `${r.burstSeconds} s`,
      mark(r.burstSeconds <= TARGETS.remindersBurstSeconds),
    ],
    ['arrival after the due moment, ms', tri(r.arrivalMs), ''],
    ['mails/s', r.mailsPerSecond, ''],
    ['limit: nodemailer alone, mails/s (5 at a time)', r.limit.mailsPerSecond, ''],
    ['limit: send ms', tri(r.limit.sendMs), ''],
    ['ratio', r.ratio, mark(r.ratio >= TARGETS.remindersRatio)],
    ['extends that landed after the due moment', r.lateExtends, ''],
    ['reminders that never arrived', r.lostReminders, mark(r.lostReminders === 0)],
  ];
  return [
    `## 4. Reminder burst: ${r.onboardings} reminders due at one moment`,
    'Each onboarding has a last-day reminder one hour before its deadline, and every deadline is ' +
      'moved (extend) to one hour after the same moment. Measured from that moment until the SMTP ' +
      'sink had every reminder. _Limit_: the same message sent by nodemailer straight to the same ' +
      'sink over pooled connections as the service sends, at the mail worker’s concurrency (5). ' +
      `Targets: all out within ${TARGETS.remindersBurstSeconds} s, ratio ≥ ${TARGETS.remindersRatio}.`,
    table(['', 'measured', 'target'], rows),
  ].join('\n\n');
}

function profileSection(p: ProfileRecord): string {
  // A profile.json from before every service was profiled has no `profiles`.
  if (!Array.isArray(p.profiles)) return '';
  const overview = table(
    ['scenario', 'service', 'busy ms', 'items', 'busy ms per item', 'busiest package'],
    p.profiles.map(({ scenario, service, items, summary }) => [
      scenario,
      service,
      summary.busyMs,
      items,
      items ? round(summary.busyMs / items, 1) : '–',
      summary.byPackage[0]
        ? `${summary.byPackage[0].name} (${summary.byPackage[0].percent} %)`
        : '–',
    ]),
  );
  const details = p.profiles.flatMap(({ scenario, service, summary }) => [
    `### ${scenario}: ${service}`,
    `${summary.busyMs} ms busy of ${summary.sampledMs} ms sampled ` +
      `${summary.windowed ? '(cut to the measured windows)' : '(whole process life)'}. ` +
      'Self time by function:',
    profileTable(summary),
    'By package:',
    table(
      ['package', 'self ms', '% busy'],
      summary.byPackage.map((row) => [row.name, row.selfMs, row.percent]),
    ),
  ]);
  return [
    '## Profile: every service during intake and activation',
    `From \`${p.command}\` on ${p.date}: each service ran with \`--cpu-prof\` from the start ` +
      'of the scenario, and each profile is cut to the measured windows (items are hires for ' +
      'intake, finished flows for activation). The profiler costs CPU itself, so these busy ' +
      'times are above the clean run’s.',
    overview,
    ...details,
  ].join('\n\n');
}

// `npm run bench`: starts the bench stack and the compiled service, runs the scenarios,
// writes docs/benchmarks/, and stops everything it started (also on errors and Ctrl-C).
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { benchProfile, MissingToolError, startStack } from '../scripts/stack';
import { HrReceiver } from '../test/support/hr-receiver';
import { Cleanup } from './cleanup';
import { summariseProfile } from './cpu-profile';
import { benchEnvironment } from './environment';
import { HrClient } from './hr';
import { machineInfo, versions } from './machine';
import { parseOptions, type ScenarioName } from './options';
import { elapsedSeconds, log } from './progress';
import { writeReport } from './report';
import { type BenchResults, type ProfileRecord, type ServiceProfile } from './results';
import { activationScenario, ACTIVATION_TAG } from './scenarios/activation';
import { type BenchContext } from './scenarios/context';
import { intakeScenario } from './scenarios/intake';
import { REMINDER_TAG, remindersScenario } from './scenarios/reminders';
import { scaleScenario } from './scenarios/scale';
import { benchVarDir, buildService, profileName, Services, START_ORDER } from './services';
import { BenchSink } from './sink';

const profileDir = join(benchVarDir, 'profiles');

async function main(cleanup: Cleanup): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const runId = Date.now().toString(36);
  const date = new Date().toISOString();
  log(`scenarios ${options.scenarios.join(', ')}${options.quick ? ' (quick)' : ''}, run ${runId}`);

  await buildService(log);
  // Registered before it resolves: a Ctrl-C while the servers start must still stop them.
  const starting = startStack(benchProfile, log);
  cleanup.add('servers', () =>
    starting.then(
      (s) => s.stop(),
      () => undefined,
    ),
  );
  const stack = await starting;
  // Our own Redis (the profile says so): old queues from an earlier run would skew the numbers.
  if (!process.env[benchProfile.urlVariables.redis]) await flushRedis(stack.env.REDIS_URL);

  // Raw mails kept only where a scenario reads them: invites to activate, one reminder to copy.
  const sink = await BenchSink.start(
    (to) => to.startsWith(ACTIVATION_TAG) || to.startsWith(`${REMINDER_TAG}-0-`),
  );
  cleanup.add('SMTP sink', () => sink.close());
  const setup = await benchEnvironment(stack, runId, sink.url);
  if (options.hrCallbacks) {
    const receiver = await HrReceiver.start(setup.hrSecret);
    cleanup.add('HR receiver', () => receiver.close());
    setup.env.HR_CALLBACK_URL = receiver.url;
    // The bench's receiver listens on loopback.
    setup.env.HR_CALLBACK_ALLOW_PRIVATE = 'true';
  }

  const services = new Services(setup.env, setup.apiUrl, log);
  cleanup.add('services', () => services.stopAll());
  await services.startAll();
  // After the services made their indexes: the twins mirror them.
  const ginTwins = options.scanLookups ? 0 : await stack.indexMongoForLookups();
  if (ginTwins > 0) log(`mongodb: ${ginTwins} GIN indexes let PostgreSQL serve the lookups`);
  // What autovacuum does in a deployment, where this machine's PostgreSQL has it off.
  const statistics = await stack.keepMongoStatistics(30_000);
  if (statistics) cleanup.add('statistics', () => statistics.stop());

  const ctx: BenchContext = {
    options,
    log,
    runId,
    hr: new HrClient(setup.apiUrl, setup.hrSecret),
    sink,
    services,
    temporalAddress: stack.env.TEMPORAL_ADDRESS,
    mongoUri: stack.env.MONGODB_URI,
    mongoOnPostgresql: stack.mongoOnPostgresql,
    redisUrl: stack.env.REDIS_URL,
    prefix: setup.prefix,
    profileDir,
  };
  const results: BenchResults = {
    date,
    command,
    quick: options.quick,
    durationSeconds: 0,
    machine: machineInfo(),
    versions: await versions(stack.env),
    settings: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HR_CALLBACK_URL: options.hrCallbacks ? 'a receiver in the bench process' : '(none)',
      ...(stack.mongoOnPostgresql
        ? { 'lookups on PostgreSQL': ginTwins > 0 ? `${ginTwins} GIN indexes` : 'table scans' }
        : {}),
      ...(statistics
        ? {
            'table statistics':
              statistics.by === 'autovacuum'
                ? 'autovacuum'
                : `ANALYZE every ${statistics.by.everyMs / 1000} s (autovacuum is off)`,
          }
        : {}),
      ...setup.overrides,
    },
    scenarios: {},
    errors: {},
  };
  if (options.profile) {
    await rm(profileDir, { recursive: true, force: true });
    await mkdir(profileDir, { recursive: true });
  }
  for (const name of options.scenarios) {
    const started = elapsedSeconds();
    log(`── ${name} ──`);
    try {
      await runScenario(name, ctx, results);
      log(`── ${name} done in ${(elapsedSeconds() - started).toFixed(1)} s ──`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.errors[name] = message;
      log(`── ${name} FAILED: ${message}`);
    }
  }
  results.durationSeconds = Math.round(elapsedSeconds());
  // Stopping a profiled service is what makes it write its profile; stop all before reading.
  await cleanup.run();
  const profile = options.profile ? profileRecord(results) : undefined;
  for (const file of await writeReport(results, profile)) log(`wrote ${file}`);
  const failed = Object.keys(results.errors);
  if (failed.length > 0) throw new Error(`scenarios failed: ${failed.join(', ')}`);
}

async function runScenario(
  name: ScenarioName,
  ctx: BenchContext,
  results: BenchResults,
): Promise<void> {
  switch (name) {
    case 'intake':
      results.scenarios.intake = await intakeScenario(ctx);
      return;
    case 'activation':
      results.scenarios.activation = await activationScenario(ctx);
      return;
    case 'reminders':
      results.scenarios.reminders = await remindersScenario(ctx);
      return;
    case 'scale':
      results.scenarios.scale = await scaleScenario(ctx);
      return;
  }
}

async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Each service's profile of the profiled scenarios, cut to their measured windows. */
function profileRecord(results: BenchResults): ProfileRecord | undefined {
  const { intake, activation } = results.scenarios;
  const scenarios: {
    name: ServiceProfile['scenario'];
    windows: [number, number][];
    items: number;
  }[] = [];
  if (intake) {
    const items = sum(intake.levels, (l) => l.webhooks - l.failures);
    scenarios.push({ name: 'intake', windows: intake.windowsUs, items });
  }
  if (activation) {
    const items = sum(activation.levels, (l) => l.employees - l.failures);
    scenarios.push({ name: 'activation', windows: activation.windowsUs, items });
  }
  const profiles: ServiceProfile[] = [];
  for (const { name, windows, items } of scenarios) {
    for (const service of START_ORDER) {
      const file = join(profileDir, profileName(name, service));
      if (!existsSync(file)) {
        log(`--profile: ${service} wrote no ${file}`);
        continue;
      }
      const summary = summariseProfile(file, windows, 15);
      log(
        `profile ${name} ${service}: ${summary.busyMs} ms busy; top: ${summary.top[0]?.name ?? '–'}`,
      );
      profiles.push({ scenario: name, service, items, summary });
    }
  }
  if (profiles.length === 0) {
    log('--profile: no intake or activation run, so no profile');
    return undefined;
  }
  return { date: results.date, command: results.command, machine: results.machine, profiles };
}

function sum<T>(list: readonly T[], of: (item: T) => number): number {
  return list.reduce((total, item) => total + of(item), 0);
}

const cleanup = new Cleanup(log);
let interruptedAt = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Ctrl-C reaches this process twice (from the terminal and relayed by tsx): only a
    // second press, seconds later, gives up waiting for the servers to stop.
    if (interruptedAt && Date.now() - interruptedAt > 3000) process.exit(130);
    if (interruptedAt) return;
    interruptedAt = Date.now();
    log(`${signal}: stopping everything the bench started…`);
    void cleanup.run().then(() => process.exit(130));
  });
}

main(cleanup)
  .then(() => cleanup.run())
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    if (error instanceof MissingToolError) log(error.message);
    else log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanup.run();
    process.exit(1);
  });

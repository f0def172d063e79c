// `npm run dev` (via scripts/dev.sh): servers, a build, the API and the workers, on loopback.
// Ctrl-C stops everything this started and nothing else.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseEnv } from 'node:util';
import { parseConfig } from '../src/config/config.schema';
import { generateSecrets } from '../src/config/secrets';
import { loadLocalEnv, localSecretsFile } from './lib/local-env';
import { devProfile, MissingToolError, startStack, type Stack } from './stack';
import { type ManagedProcess, runStep, startProcess, waitFor } from './stack/process';
import { repoRoot } from './stack/profile';

const log = (line: string) => console.log(`[dev] ${line}`);

async function main(): Promise<void> {
  // Secrets for local use, made once and kept with the data they protect; .env wins. One the
  // service gained later (SCIM_TOKEN) is added to an older file; the others never change.
  const made = existsSync(localSecretsFile) ? parseEnv(readFileSync(localSecretsFile, 'utf8')) : {};
  // No OPS_TOKEN: locally, ops endpoints (the Web UI's codec) answer loopback callers.
  const { OPS_TOKEN, ...secrets } = generateSecrets();
  const missing = Object.entries(secrets).filter(([key]) => !(key in made));
  if (missing.length > 0) {
    mkdirSync(devProfile.varDir, { recursive: true });
    const lines = missing.map(([key, value]) => `${key}=${value}\n`).join('');
    appendFileSync(localSecretsFile, lines, { mode: 0o600 });
    log(`made local secrets in ${relative(repoRoot, localSecretsFile)}`);
  }
  loadLocalEnv();

  const stack = await startStack(devProfile, log);
  const apps: ManagedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(apps.map((app) => app.stop()));
    await stack.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const env = serviceEnv(stack);
    const config = parseConfig(env); // the same check the services make, before starting them
    await runStep(
      'Compiling TypeScript',
      {
        command: 'npm',
        args: ['run', '--silent', 'build'],
        cwd: repoRoot,
        logFile: join(devProfile.varDir, 'log', 'build.log'),
      },
      log,
    );
    for (const [name, entry] of [
      ['api', 'dist/src/main.js'],
      ['temporal-worker', 'dist/workers/temporal.worker.js'],
      ['queue-worker', 'dist/workers/queue.worker.js'],
    ] as const) {
      const app = startProcess({
        name,
        command: process.execPath,
        args: ['--enable-source-maps', entry],
        cwd: repoRoot,
        env,
        logFile: join(devProfile.varDir, 'log', `${name}.log`),
        echoPrefix: `${name.padEnd(15)} | `,
      });
      apps.push(app);
      void app.exited.then((code) => {
        if (stopping) return;
        log(`${name} exited with code ${code}; stopping the rest (see var/log/${name}.log)`);
        void stopAll(1);
      });
    }
    const apiUrl = `http://localhost:${config.http.port}`;
    await waitFor('api', async () => (await fetch(`${apiUrl}/health`)).ok, {
      timeoutMs: 60_000,
      process: apps[0],
      logFile: 'var/log/api.log',
    });
    printBanner(apiUrl, stack);
  } catch (error) {
    console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

function serviceEnv(stack: Stack): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...stack.env,
    ...(stack.temporalUiUrl ? { TEMPORAL_UI_URL: stack.temporalUiUrl } : {}),
  };
}

function printBanner(apiUrl: string, stack: Stack): void {
  const rows = [
    ['API', apiUrl],
    ['Web form', `${apiUrl}/`],
    ['API docs', `${apiUrl}/docs`],
    ['Mailbox', process.env.SMTP_URL ? '(mail goes to SMTP_URL)' : `${apiUrl}/dev/mailbox`],
    ['Queues', `${apiUrl}/ops/queues`],
    ['Readiness', `${apiUrl}/health/ready`],
    ['Temporal Web UI', stack.temporalUiUrl ?? '(server given by TEMPORAL_ADDRESS)'],
    ['Temporal gRPC', stack.env.TEMPORAL_ADDRESS],
    ['MongoDB', stack.env.MONGODB_URI.replace(/\/\/[^@/]*@/, '//***@')],
    ['Redis', stack.env.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')],
    ['HR webhook secret', 'HR_WEBHOOK_SECRET in var/secrets.env (or .env)'],
    ['SCIM 2.0', `${apiUrl}/scim/v2 (bearer SCIM_TOKEN in var/secrets.env)`],
    ['Logs', join('var', 'log')],
  ];
  const width = Math.max(...rows.map(([label]) => label?.length ?? 0));
  console.log('\n  Onboarding service is running. Ctrl-C stops it.\n');
  for (const [label, value] of rows) console.log(`  ${label?.padEnd(width)}  ${value}`);
  console.log('');
}

main().catch((error: unknown) => {
  if (error instanceof MissingToolError) {
    console.error(`[dev] ${error.message}`);
  } else {
    console.error('[dev] failed:', error);
  }
  process.exit(1);
});

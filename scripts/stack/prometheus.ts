import { join, resolve } from 'node:path';
import { aptInstall, type Log, type ManagedProcess, startProcess, waitFor } from './process';
import { type StackProfile } from './profile';
import { isExecutable, which } from './tools';

/** The deployment's Prometheus configuration, rules and their promtool tests. */
export const prometheusDir = resolve(__dirname, '..', '..', 'deploy', 'prometheus');

export interface PrometheusTools {
  prometheus: string;
  promtool: string;
}

/**
 * Debian's Prometheus and promtool, for the alert-rule tests (deploy/prometheus/). Nothing
 * else starts it: the stack of `npm run dev` and of the tests has no need for it.
 */
export async function ensurePrometheus(profile: StackProfile, log: Log): Promise<PrometheusTools> {
  const find = (): PrometheusTools | undefined => {
    const prometheus = which('prometheus') ?? '/usr/bin/prometheus';
    const promtool = which('promtool') ?? '/usr/bin/promtool';
    return isExecutable(prometheus) && isExecutable(promtool)
      ? { prometheus, promtool }
      : undefined;
  };
  const found = find();
  if (found) return found;
  await aptInstall(
    'prometheus',
    profile,
    log,
    'The alert-rule tests need Prometheus and promtool: `sudo apt-get install prometheus` ' +
      '(Debian/Ubuntu), or put both binaries on PATH.',
  );
  const installed = find();
  if (!installed)
    throw new Error('prometheus was installed, but prometheus or promtool is missing');
  return installed;
}

export interface PrometheusServer {
  url: string;
  process: ManagedProcess;
}

/** Starts Prometheus on loopback with its data in `dir`; resolves once it is ready. */
export async function startPrometheus(
  binary: string,
  options: { configFile: string; dir: string; port: number },
): Promise<PrometheusServer> {
  const address = `127.0.0.1:${options.port}`;
  const logFile = join(options.dir, 'prometheus.log');
  const proc = startProcess({
    name: 'prometheus',
    command: binary,
    args: [
      `--config.file=${options.configFile}`,
      `--storage.tsdb.path=${join(options.dir, 'data')}`,
      `--web.listen-address=${address}`,
    ],
    logFile,
  });
  const url = `http://${address}`;
  await waitFor(
    'prometheus',
    async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok,
    { timeoutMs: 30_000, process: proc, logFile },
  );
  return { url, process: proc };
}

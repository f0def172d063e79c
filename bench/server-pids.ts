import { readdir, readFile } from 'node:fs/promises';
import { benchProfile } from '../scripts/stack/profile';

/**
 * The bench stack's servers by their command lines (startStack does not hand out pids), so
 * their memory can be read too. Read-only: nothing here signals a process.
 */
export async function serverPids(): Promise<Record<string, number>> {
  const wanted: Record<string, (args: string[]) => boolean> = {
    'temporal-server': (a) =>
      a.includes('start-dev') && a.includes(String(benchProfile.temporal.port)),
    'mongodb-server': (a) => a.some((arg) => arg.endsWith(`:${benchProfile.mongo.port}`)),
    'redis-server': (a) =>
      a.some(
        (arg) => arg.startsWith('redis-server') && arg.endsWith(`:${benchProfile.redis.port}`),
      ),
  };
  const found: Record<string, number> = {};
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8')
      .then((text) => text.split('\0').filter(Boolean))
      .catch(() => []);
    for (const [name, matches] of Object.entries(wanted)) {
      if (!(name in found) && args.length > 0 && matches(args)) found[name] = Number(entry);
    }
  }
  return found;
}

import { join } from 'node:path';
import { type Log, runStep } from './process';
import { type StackProfile } from './profile';
import { isExecutable, isRoot, MissingToolError, which } from './tools';

/** Debian's Chromium for the browser tests (playwright-core drives it; nothing is downloaded). */
export async function ensureChromium(profile: StackProfile, log: Log): Promise<string> {
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? '/usr/bin/chromium';
  if (isExecutable(found)) return found;
  if (!isRoot() || !which('apt-get')) {
    throw new MissingToolError(
      'The browser tests need Chromium: `sudo apt-get install chromium`, or set CHROMIUM_PATH.',
    );
  }
  const logFile = join(profile.varDir, 'log', 'install-chromium.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runStep(
    'Updating the package lists',
    { command: 'apt-get', args: ['update'], env, logFile },
    log,
  );
  await runStep(
    'Installing chromium (first time only)',
    {
      command: 'apt-get',
      args: ['install', '-y', '--no-install-recommends', 'chromium'],
      env,
      logFile,
    },
    log,
  );
  return '/usr/bin/chromium';
}

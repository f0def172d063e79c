import { type Log, aptInstall } from './process';
import { type StackProfile } from './profile';
import { isExecutable, which } from './tools';

/** Debian's Chromium for the browser tests (playwright-core drives it; nothing is downloaded). */
export async function ensureChromium(profile: StackProfile, log: Log): Promise<string> {
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? '/usr/bin/chromium';
  if (isExecutable(found)) return found;
  await aptInstall(
    'chromium',
    profile,
    log,
    'The browser tests need Chromium: `sudo apt-get install chromium`, or set CHROMIUM_PATH.',
  );
  return '/usr/bin/chromium';
}

import { ensureChromium } from '../../scripts/stack/chromium';
import { testProfile } from '../../scripts/stack';
import globalSetup, { log } from './global-setup';

/**
 * The browser tests' own file: Jest runs a global setup once per file path, not per project,
 * so a setup shared with the integration project would never see the e2e project.
 */
export default async function e2eGlobalSetup(): Promise<void> {
  process.env.CHROMIUM_PATH = await ensureChromium(testProfile, log);
  await globalSetup();
}

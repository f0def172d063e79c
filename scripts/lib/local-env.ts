import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { devProfile, repoRoot } from '../stack/profile';

export const localSecretsFile = join(devProfile.varDir, 'secrets.env');

/** `.env` first, then var/secrets.env for whatever is still unset or empty there. */
export function loadLocalEnv(): void {
  const envFile = join(repoRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  if (!existsSync(localSecretsFile)) return;
  // Not loadEnvFile: it would keep an empty `KEY=` from .env.
  for (const [key, value] of Object.entries(parseEnv(readFileSync(localSecretsFile, 'utf8')))) {
    if (!process.env[key]) process.env[key] = value;
  }
}

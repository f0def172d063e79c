import { randomBytes } from 'node:crypto';

/**
 * Fresh random values for every secret the service needs. `npm run dev` keeps one set in
 * var/secrets.env, tests make their own, and operators can print one (`npm run secrets`).
 */
export type SecretName =
  | 'HR_WEBHOOK_SECRET'
  | 'CODE_HASH_KEY'
  | 'DATA_ENCRYPTION_KEYS'
  | 'TEMPORAL_PAYLOAD_KEYS'
  | 'OPS_TOKEN'
  | 'SCIM_TOKEN';

export function generateSecrets(): Record<SecretName, string> {
  const key = () => randomBytes(32).toString('base64');
  const keyId = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return {
    HR_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    CODE_HASH_KEY: key(),
    DATA_ENCRYPTION_KEYS: `${keyId}:${key()}`,
    TEMPORAL_PAYLOAD_KEYS: `${keyId}:${key()}`,
    OPS_TOKEN: randomBytes(24).toString('base64url'),
    SCIM_TOKEN: randomBytes(32).toString('base64url'),
  };
}

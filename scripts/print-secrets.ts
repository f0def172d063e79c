// `npm run secrets`: a fresh set of every secret the service needs, ready for a .env file, and
// the one docker-compose.yml adds for its Grafana.
import { randomBytes } from 'node:crypto';
import { generateSecrets } from '../src/config/secrets';

const secrets = {
  ...generateSecrets(),
  GRAFANA_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
};
for (const [key, value] of Object.entries(secrets)) console.log(`${key}=${value}`);

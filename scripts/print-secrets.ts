// `npm run secrets`: a fresh set of every secret the service needs, ready for a .env file.
import { generateSecrets } from '../src/config/secrets';

for (const [key, value] of Object.entries(generateSecrets())) console.log(`${key}=${value}`);

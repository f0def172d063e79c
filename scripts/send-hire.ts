// `npm run hire -- [email] [firstName] [lastName] [locale]`: sends a signed new-hire webhook to
// the API that `npm run dev` runs, the way an HR system would. Prints the answer.
import { randomBytes } from 'node:crypto';
import { decodeSecret, sign } from '../src/hr-clients/standard-webhooks';
import { loadLocalEnv } from './lib/local-env';

loadLocalEnv();
const [email = 'nieuw@example.nl', firstName = 'Anouk', lastName = 'Jansen', locale = 'nl'] =
  process.argv.slice(2);
const key = decodeSecret((process.env.HR_WEBHOOK_SECRET ?? '').split(',')[0] ?? '');
if (!key) {
  console.error('No HR_WEBHOOK_SECRET: start `npm run dev` once, or set it in .env');
  process.exit(1);
}
const body = JSON.stringify({
  employeeId: `E-${randomBytes(3).toString('hex')}`,
  email,
  firstName,
  lastName,
  locale,
});
const id = `msg_${randomBytes(8).toString('hex')}`;
const timestamp = Math.floor(Date.now() / 1000);
const url = `${process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`}/api/v1/onboardings`;

fetch(url, {
  method: 'POST',
  body,
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(key, id, timestamp, body),
  },
})
  .then(async (response) => console.log(response.status, await response.text()))
  .catch((error: unknown) => {
    console.error(`Could not reach ${url}: is \`npm run dev\` running?`, error);
    process.exit(1);
  });

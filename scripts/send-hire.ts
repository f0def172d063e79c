// `npm run hire -- [email] [firstName] [lastName] [locale]`: sends a signed new-hire webhook to
// the API that `npm run dev` runs, the way an HR system would. Prints the answer.
// `npm run hire -- --csv hires.csv`: sends every hire of a CSV file to the bulk route, in
// requests of at most 500, shows progress and a summary, and writes the refused rows to
// `hires.failures.csv` beside it (exit code 2 when there are any).
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type BulkAnswer,
  type BulkItem,
  countOutcomes,
  MAX_BULK_HIRES,
} from '../src/bulk-intake/bulk-intake.dto';
import { decodeSecret, sign } from '../src/hr-clients/standard-webhooks';
import {
  chunksOf,
  CsvProblem,
  type Failure,
  failuresCsv,
  failuresOf,
  parseHires,
} from './lib/hires-csv';
import { loadLocalEnv } from './lib/local-env';

/** Under the route's 1 MiB, with room for the envelope. */
const MAX_CHUNK_BYTES = 900 * 1024;
/** A request the API could not take now (503, or the same id still running) is sent again. */
const TRIES = 5;

loadLocalEnv();
const key = decodeSecret((process.env.HR_WEBHOOK_SECRET ?? '').split(',')[0] ?? '');
if (!key) {
  console.error('No HR_WEBHOOK_SECRET: start `npm run dev` once, or set it in .env');
  process.exit(1);
}
const signingKey = key;
const api = `${process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`}/api/v1/onboardings`;

/** Signed the Standard Webhooks way; the same `id` on every try, so the API takes it once. */
function post(url: string, body: string, id: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(signingKey, id, timestamp, body),
    },
  });
}

function newId(): string {
  return `msg_${randomBytes(8).toString('hex')}`;
}

async function sendOne(args: string[]): Promise<void> {
  const [email = 'nieuw@example.nl', firstName = 'Anouk', lastName = 'Jansen', locale = 'nl'] =
    args;
  const body = JSON.stringify({
    employeeId: `E-${randomBytes(3).toString('hex')}`,
    email,
    firstName,
    lastName,
    locale,
  });
  const response = await post(api, body, newId());
  console.log(response.status, await response.text());
}

/** One bulk request, sent again while the API answers "not now". */
async function sendChunk(hires: unknown[]): Promise<BulkItem[]> {
  const body = JSON.stringify({ hires });
  const id = newId();
  for (let attempt = 1; ; attempt++) {
    const response = await post(`${api}/bulk`, body, id);
    if (response.status === 202) return ((await response.json()) as BulkAnswer).items;
    const text = await response.text();
    const retryAfter = Number(response.headers.get('retry-after') ?? 5);
    if (![503, 409].includes(response.status) || attempt === TRIES) {
      throw new Error(`the API answered ${response.status}: ${text}`);
    }
    await delay(retryAfter * 1000);
  }
}

async function sendCsv(file: string): Promise<void> {
  const hires = parseHires(readFileSync(file, 'utf8'));
  const items: BulkItem[] = [];
  const failures: Failure[] = [];
  let sent = 0;
  for (const chunk of chunksOf(hires, MAX_BULK_HIRES, MAX_CHUNK_BYTES)) {
    const answer = await sendChunk(chunk.map((h) => h.body));
    items.push(...answer);
    failures.push(...failuresOf(chunk, answer));
    sent += chunk.length;
    console.log(`${sent}/${hires.length} sent…`);
  }
  const counts = countOutcomes(items);
  console.log(
    `accepted: ${counts.accepted}, duplicate: ${counts.duplicates}, invalid: ${counts.invalid}`,
  );
  const failuresFile = file.replace(/(\.csv)?$/i, '.failures.csv');
  if (failures.length === 0) {
    rmSync(failuresFile, { force: true }); // an old run's list would mislead
    return;
  }
  writeFileSync(failuresFile, failuresCsv(failures));
  console.log(`the refused rows, with the field and why: ${failuresFile}`);
  process.exitCode = 2;
}

const args = process.argv.slice(2);
const csv = args[0] === '--csv' ? args[1] : undefined;
if (args[0] === '--csv' && !csv) {
  console.error('usage: npm run hire -- --csv hires.csv');
  process.exit(1);
}
(csv ? sendCsv(csv) : sendOne(args)).catch((error: unknown) => {
  if (error instanceof CsvProblem) console.error(`${csv}: ${error.message}`);
  else if (error instanceof TypeError && error.message === 'fetch failed') {
    console.error(`Could not reach ${api}: is \`npm run dev\` running?`);
  } else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

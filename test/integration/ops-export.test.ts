import { getConnectionToken } from '@nestjs/mongoose';
import { parse } from 'csv-parse/sync';
import { type Connection } from 'mongoose';
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeSecret } from '../../src/hr-clients/standard-webhooks';
import { ONBOARDING_MODEL, type OnboardingRecord } from '../../src/onboardings/onboarding.schema';
import type { OpsActionRecord } from '../../src/ops/ops-actions';
import { Harness, newHire } from '../support/harness';
import { TcpProxy } from '../support/tcp-proxy';
import { eventually, uniqueName } from '../support/wait';

const TOKEN = 'ops-token-for-the-ops-export-test';
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const CLIENT = uniqueName('export');
/** A second client with a few hundred onboardings, for the streaming tests only. */
const MANY = uniqueName('export-many');
const MANY_COUNT = 600;

const COLUMNS = [
  'onboarding_id',
  'hr_client',
  'employee_id',
  'status',
  'in_step_since',
  'deadline',
  'reminders_sent',
  'last_admin_action',
  'last_admin_action_at',
  'last_admin_action_by',
];
const CONTACT = ['first_name', 'last_name', 'email'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** host:port of a server URL. */
function hostPort(address: string): { host: string; port: number } {
  const url = new URL(address);
  return { host: url.hostname, port: Number(url.port) };
}

/** The CSV as records of named fields, and its header; `bom` drops Excel's byte order mark. */
function rowsOf(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...records] = parse(text, { bom: true });
  return {
    header,
    rows: records.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? '']))),
  };
}

/**
 * The CSV export of the ops list, on the real stack. MongoDB is reached through a proxy, so
 * the last test can take the database away halfway through an export.
 */
describe('the ops CSV export', () => {
  let h: Harness;
  let proxy: TcpProxy;
  let db: Connection;
  let cancelled: string;
  let hostile: string;
  let legacy: string;

  beforeAll(async () => {
    const mongo = process.env.MONGODB_URI ?? '';
    proxy = await TcpProxy.start(hostPort(mongo));
    h = await Harness.start({
      configure: (c) => {
        const uri = new URL(c.mongo.uri);
        uri.host = proxy.address;
        return {
          ...c,
          mongo: { ...c.mongo, uri: uri.toString() },
          security: { ...c.security, opsToken: TOKEN },
          hrClients: [...c.hrClients, { id: CLIENT, keys: [decodeSecret(SECRET)!] }],
          dependencyTimeoutMs: 2500,
        };
      },
    });
    db = h.api.get<Connection>(getConnectionToken());

    cancelled = await hire(newHire());
    const res = await ops('POST', `/onboardings/${cancelled}/cancel`, {
      actor: 'ops.engineer@example.nl',
      reason: 'duplicate hire',
    });
    expect(res.status).toBe(200);
    hostile = await hire(
      newHire({ firstName: '=HYPERLINK("http://x")', lastName: 'Jansen, "de" Vries' }),
    );
    // Intake takes names on one line only; a record from before that check may hold more.
    legacy = await hire(newHire({ firstName: 'Old', lastName: 'Record' }));
    // Once its workflow has written the record (the invited transition): FerretDB keeps one of
    // two updates of a document at once, and the names below were lost to the workflow's.
    await eventually('the legacy onboarding invited', async () => {
      const found = await db.collection<OnboardingRecord>('onboardings').findOne({ _id: legacy });
      return found?.history.some((t) => t.to === 'invited') ? true : undefined;
    });
    await db
      .collection<OnboardingRecord>('onboardings')
      .updateOne({ _id: legacy }, { $set: { firstName: '+31 6\r\n@SUM(1)', lastName: '-2+3' } });

    // Stored as they are, not through intake: a few hundred workflows would only slow the test.
    const now = new Date();
    await db.model<OnboardingRecord>(ONBOARDING_MODEL).insertMany(
      Array.from({ length: MANY_COUNT }, (_, i) => {
        const id = randomUUID();
        const employeeId = `many-${i}`;
        return {
          ...newHire({ employeeId, email: `${employeeId}@example.nl` }),
          _id: id,
          clientId: MANY,
          openKey: `${MANY}/${employeeId}`,
          workflowId: `onboarding-${id}`,
          locale: 'nl',
          status: 'invited',
          stepSince: now,
          history: [],
          audit: [],
        };
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await db?.collection('onboardings').deleteMany({ clientId: MANY });
    await h?.close();
    await proxy?.close();
  });

  async function hire(body: Record<string, unknown>): Promise<string> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', body, {
      secret: SECRET,
    });
    expect(res.status).toBe(202);
    await eventually('the invite', () =>
      h.latestCode(res.body.onboardingId).catch(() => undefined),
    );
    return res.body.onboardingId;
  }

  async function ops(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${h.url}/api/v1/ops${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
  }

  const csv = (query: string) => ops('GET', `/onboardings.csv?${query}`);

  async function exportsOf(client: string): Promise<OpsActionRecord[]> {
    const res = await ops('GET', '/actions');
    expect(res.status).toBe(200);
    return ((await res.json()) as OpsActionRecord[]).filter((a) => a.query.client === client);
  }

  it('is in the OpenAPI document, as CSV, with the list filters and no paging', async () => {
    const res = await h.request<{
      paths: Record<
        string,
        {
          get?: {
            summary?: string;
            parameters?: { name: string }[];
            responses: Record<string, { content?: Record<string, unknown> }>;
          };
        }
      >;
    }>('GET', '/docs-json');
    const route = res.body.paths['/api/v1/ops/onboardings.csv']?.get;
    expect(route?.summary).toMatch(/CSV/);
    expect(route?.responses['200']?.content).toHaveProperty(['text/csv']);
    const parameters = route?.parameters?.map((p) => p.name) ?? [];
    expect(parameters).toEqual(expect.arrayContaining(['status', 'client', 'include']));
    expect(parameters).not.toContain('page');
  });

  it('needs the ops token', async () => {
    const none = await fetch(`${h.url}/api/v1/ops/onboardings.csv`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${h.url}/api/v1/ops/onboardings.csv?client=${CLIENT}`, {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await wrong.json()) as { type: string }).type).toBe('urn:problem:onboarding:ops-auth');
    expect((await fetch(`${h.url}/api/v1/ops/actions`)).status).toBe(401);
  });

  it('refuses a bad filter, paging and an unknown include with a 400 problem', async () => {
    const res = await csv('status=lost&page=2&include=everything');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { type: string; errors: { field: string }[] };
    expect(problem.type).toBe('urn:problem:onboarding:validation');
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['(query)', 'include', 'status.0']);
  });

  it('has a header and one row per matching onboarding, without names or addresses', async () => {
    const res = await csv(`client=${CLIENT}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="onboardings-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    expect(text).not.toMatch(/Anouk|Jansen|HYPERLINK|example\.nl/);
    const { header, rows } = rowsOf(text);
    expect(header).toEqual(COLUMNS);
    expect(rows.map((r) => r.onboarding_id).sort()).toEqual([cancelled, hostile, legacy].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ hr_client: CLIENT, reminders_sent: '0' });
      expect(row.in_step_since).toMatch(ISO);
    }

    const only = rowsOf(await (await csv(`client=${CLIENT}&status=cancelled`)).text()).rows;
    expect(only).toEqual([
      expect.objectContaining({
        onboarding_id: cancelled,
        status: 'cancelled',
        last_admin_action: 'cancel',
        last_admin_action_by: 'ops',
        last_admin_action_at: expect.stringMatching(ISO) as string,
      }),
    ]);
    const invited = rowsOf(await (await csv(`client=${CLIENT}&status=invited`)).text()).rows;
    expect(invited.map((r) => r.onboarding_id).sort()).toEqual([hostile, legacy].sort());
    expect(invited[0]).toMatchObject({ last_admin_action: '', last_admin_action_at: '' });
    expect(invited[0]?.deadline).toMatch(ISO);
  });

  it('adds names and addresses with include=contact, as text a spreadsheet will not run', async () => {
    const res = await csv(`client=${CLIENT}&include=contact`);
    expect(res.status).toBe(200);
    const text = await res.text();
    // Quoted as RFC 4180 says, and the formula turned into text by a leading apostrophe.
    expect(text).toContain('"\'=HYPERLINK(""http://x"")","Jansen, ""de"" Vries"');
    expect(text).toContain('"\'+31 6\r\n@SUM(1)",\'-2+3');
    const { header, rows } = rowsOf(text);
    expect(header).toEqual([...COLUMNS, ...CONTACT]);
    const byId = new Map(rows.map((r) => [r.onboarding_id, r]));
    expect(byId.get(hostile)).toMatchObject({
      first_name: '\'=HYPERLINK("http://x")',
      last_name: 'Jansen, "de" Vries',
      email: 'anouk.jansen@example.nl',
    });
    expect(byId.get(legacy)).toMatchObject({ first_name: "'+31 6\r\n@SUM(1)", last_name: "'-2+3" });
  });

  it('records each export: when, which filters, with or without contact, how many rows', async () => {
    const before = Date.now();
    await (await csv(`client=${CLIENT}&status=invited&include=contact`)).text();
    const recorded = await eventually('the export on record', async () => {
      const found = (await exportsOf(CLIENT)).find((a) => new Date(a.at).getTime() >= before);
      return found?.outcome === 'complete' ? found : undefined;
    });
    expect(recorded).toMatchObject({
      action: 'export',
      query: { client: CLIENT, status: ['invited'], include: 'contact' },
      contact: true,
      rows: 2,
    });
    expect(recorded.requestId).toEqual(expect.any(String));
  });

  it('streams a few hundred rows in chunks, each onboarding once, in a stable order', async () => {
    const res = await csv(`client=${MANY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const { rows } = rowsOf(await res.text());
    const ids = rows.map((r) => r.onboarding_id);
    expect(ids).toHaveLength(MANY_COUNT);
    expect(new Set(ids).size).toBe(MANY_COUNT);
    expect(ids).toEqual([...ids].sort());
  });

  it('cuts the transfer off, never a short complete-looking file, when the database goes away', async () => {
    // Slow, so the first batch is out before the next one is fetched.
    proxy.slow(300);
    try {
      const res = await csv(`client=${MANY}`);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      await proxy.fail('killed');
      const rest = (async () => {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
      })();
      await expect(rest).rejects.toThrow();
    } finally {
      proxy.slow(0);
      await proxy.heal();
    }
    // On record once the database is back, with the rows that did go out.
    const recorded = await eventually('the failed export on record', async () => {
      const latest = (await exportsOf(MANY)).at(0);
      return latest?.outcome === 'failed' ? latest : undefined;
    });
    expect(recorded.rows).toBeGreaterThan(0);
    expect(recorded.rows).toBeLessThan(MANY_COUNT);
  });
});

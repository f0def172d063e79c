import { getConnectionToken } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ActivationService } from '../../src/activation/activation.service';
import { Harness, newHire } from '../support/harness';
import { totpNow } from '../support/totp';
import { eventually } from '../support/wait';

const OPS_TOKEN = `ops-${randomUUID()}`;

describe('secrets at rest', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({ ...c, security: { ...c.security, opsToken: OPS_TOKEN } }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps no code, password, TOTP secret or recovery code in MongoDB, Redis or Temporal', async () => {
    const activation = h.get(ActivationService);
    const hire = newHire({
      firstName: 'Maartje',
      lastName: 'Vermeulen',
      email: 'maartje@example.nl',
    });
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));

    const db = h.api.get<Connection>(getConnectionToken()).db;
    if (!db) throw new Error('not connected');
    const raw = async () => {
      const dump: unknown[] = [];
      for (const name of ['onboardings', 'accounts', 'events', 'webhook_receipts']) {
        dump.push(await db.collection(name).find({}).toArray());
      }
      return JSON.stringify(dump);
    };
    const beforeRedeem = await db.collection('onboardings').findOne({ _id: id as never });
    expect(beforeRedeem?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await raw()).not.toContain(code);

    const password = 'Zonnebloem-Veld-2026';
    await activation.redeemCode({ code, clientAddress: `rest-${id}` });
    await activation.setCredentials(id, {
      email: 'maartje@example.nl',
      username: `m-${id.slice(-8)}`,
      password,
    });
    const { secret } = await activation.totpEnrolment(id);
    const { recoveryCodes } = await activation.activateTwoFactor(id, secret, totpNow(secret));

    const account = await db.collection('accounts').findOne({ _id: id as never });
    expect(account?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(account?.totpSecretSealed).toEqual(expect.any(String));
    const everything = await raw();
    for (const secretValue of [code, password, secret, ...recoveryCodes]) {
      expect(everything).not.toContain(secretValue);
    }

    const jobs = JSON.stringify(await h.mailsFor(id));
    expect(jobs).not.toContain(code);

    // Temporal's history holds only ciphertext: no name, address, hash or code.
    const history = await h
      .get(Client)
      .workflow.getHandle(`onboarding/default/${String(hire.employeeId)}`)
      .fetchHistory();
    const payloads = payloadsIn(JSON.parse(JSON.stringify(history)), '');
    expect(payloads.length).toBeGreaterThan(10);
    for (const payload of payloads) {
      if (payload.path.endsWith(LOCAL_ACTIVITY_MARKER)) {
        // The SDK's own record of a local activity run (type, attempt, times), never our data.
        const keys = Object.keys(JSON.parse(payload.data) as object);
        expect(keys.filter((key) => !LOCAL_ACTIVITY_MARKER_KEYS.includes(key))).toEqual([]);
      } else if (payload.path.endsWith(PATCH_MARKER)) {
        // The SDK's record of a patched() call: the patch's name, nothing else.
        expect(Object.keys(JSON.parse(payload.data) as object).sort()).toEqual([
          'deprecated',
          'id',
        ]);
      } else {
        expect(payload.encoding).toBe('binary/encrypted');
      }
      for (const plain of ['Maartje', 'Vermeulen', 'maartje@example.nl', '$argon2id', code]) {
        expect(payload.data.includes(plain)).toBe(false);
      }
    }
  });

  it('keeps failures encrypted in Temporal, and the password hash closed even to the Web UI codec', async () => {
    const activation = h.get(ActivationService);
    const username = `taken-${randomUUID().slice(0, 8)}`;
    const onboard = async () => {
      const hire = newHire();
      const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', hire);
      const id = res.body.onboardingId;
      const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
      await activation.redeemCode({ code, clientAddress: `fail-${id}` });
      return { id, workflowId: `onboarding/default/${String(hire.employeeId)}` };
    };
    const first = await onboard();
    const second = await onboard();
    const password = 'Zonnebloem-Veld-2026';
    const credentials = { email: 'anouk.jansen@example.nl', username, password };
    await activation.setCredentials(first.id, credentials);
    await expect(activation.setCredentials(second.id, credentials)).rejects.toMatchObject({
      rejection: 'username_taken',
    });

    for (const { workflowId } of [first, second]) {
      const history = JSON.parse(
        JSON.stringify(await h.get(Client).workflow.getHandle(workflowId).fetchHistory()),
      ) as unknown;
      // Every failure's message and stack trace sit in its encrypted attributes.
      const failures = failuresIn(history);
      if (workflowId === second.workflowId) expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure.message).toBe('Encoded failure');
        expect(failure.stackTrace ?? '').toBe('');
      }
      expect(JSON.stringify(history)).not.toContain(username);

      // What the Web UI shows through the codec endpoint: never the hash or the password.
      const payloads = rawPayloadsIn(history);
      const decoded = await h.request<{ payloads: { data?: string }[] }>(
        'POST',
        '/api/v1/codec/decode',
        JSON.stringify({ payloads }),
        { authorization: `Bearer ${OPS_TOKEN}` },
      );
      expect(decoded.status).toBe(200);
      const opened = decoded.body.payloads
        .map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8'))
        .join('\n');
      expect(opened).toContain(username);
      expect(opened).not.toContain('$argon2id');
      expect(opened).not.toContain(password);
    }
  });
});

/** Every Failure message of a history in its JSON form. */
function failuresIn(node: unknown): { message?: string; stackTrace?: string }[] {
  if (Array.isArray(node)) return node.flatMap(failuresIn);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const here =
    typeof record.message === 'string' &&
    ('failureInfo' in record || 'applicationFailureInfo' in record || 'encodedAttributes' in record)
      ? [record as { message?: string; stackTrace?: string }]
      : [];
  return [...here, ...Object.values(record).flatMap(failuresIn)];
}

/** Every payload of a history as the Web UI sends it to the codec: metadata and data in base64. */
function rawPayloadsIn(node: unknown): { metadata: Record<string, string>; data?: string }[] {
  if (Array.isArray(node)) return node.flatMap(rawPayloadsIn);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.payloads)) {
    return record.payloads as { metadata: Record<string, string>; data?: string }[];
  }
  const single = record.encodedAttributes as { metadata?: Record<string, string> } | undefined;
  return [
    ...(single?.metadata ? [single as { metadata: Record<string, string>; data?: string }] : []),
    ...Object.entries(record)
      .filter(([key]) => key !== 'encodedAttributes')
      .flatMap(([, value]) => rawPayloadsIn(value)),
  ];
}

const LOCAL_ACTIVITY_MARKER = 'markerRecordedEventAttributes.details.data';
const PATCH_MARKER = 'markerRecordedEventAttributes.details.patch-data';
const LOCAL_ACTIVITY_MARKER_KEYS = [
  'seq',
  'attempt',
  'activity_id',
  'activity_type',
  'complete_time',
  'backoff',
  'original_schedule_time',
];

/** Every payload of a history (in its JSON form, bytes as base64), decoded, with its path. */
function payloadsIn(
  node: unknown,
  path: string,
): { path: string; encoding: string; data: string }[] {
  if (Array.isArray(node)) return node.flatMap((item) => payloadsIn(item, path));
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.payloads)) {
    return (record.payloads as { metadata: Record<string, string>; data?: string }[]).map((p) => ({
      path,
      encoding: Buffer.from(p.metadata.encoding ?? '', 'base64').toString(),
      data: Buffer.from(p.data ?? '', 'base64').toString('latin1'),
    }));
  }
  return Object.entries(record).flatMap(([key, value]) =>
    payloadsIn(value, path ? `${path}.${key}` : key),
  );
}

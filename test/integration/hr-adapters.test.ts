import { getConnectionToken } from '@nestjs/mongoose';
import { randomInt } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { AppConfig } from '../../src/config/config.schema';
import { HrInboundQueue } from '../../src/hr-adapters/hr-inbound.queue';
import { Metrics } from '../../src/metrics/metrics';
import type { OnboardingView } from '../../src/onboardings/onboarding.dto';
import { activeEmployee } from '../support/active-employee';
import { Harness, newHire } from '../support/harness';
import {
  KITS,
  kitSettings,
  type Person,
  serveVendors,
  type VendorKit,
} from '../support/hr-vendors';
import { VendorApi } from '../support/vendor-api';
import { eventually } from '../support/wait';

/**
 * Personio, HiBob and BambooHR deliveries, signed their documented ways, against the real
 * stack: the route queues, the queue reads the person from the vendor's API (a loopback
 * stand-in), and intake or change-contact takes them in.
 */
describe('the HR system adapters', () => {
  let h: Harness;
  let api: VendorApi;
  const people = new Map<string, Person>();

  beforeAll(async () => {
    api = await VendorApi.start();
    serveVendors(api, people);
    const configure = (config: AppConfig): AppConfig => ({
      ...config,
      hrClients: config.hrClients.map((c) =>
        c.id === 'default' ? { ...c, adapters: kitSettings(api.url) } : c,
      ),
    });
    h = await Harness.start({ queueWorkers: true, configure });
  });
  afterAll(async () => {
    await h.close();
    await api.close();
  });

  const onboardings = () => h.api.get<Connection>(getConnectionToken()).collection('onboardings');
  const stored = (employeeId: string) => onboardings().countDocuments({ employeeId });
  const queue = () => h.get(HrInboundQueue).queue;

  /** A new person at the vendor, with an id no other test uses. */
  function hire(person: Partial<Person> = {}): string {
    const id = String(randomInt(1e9, 1e10));
    people.set(id, { email: `hire-${id}@example.com`, startDate: '2027-03-01', ...person });
    return id;
  }

  /** `indent` makes other bytes of the same payload: another delivery, not a redelivery. */
  async function deliver(kit: VendorKit, payload: unknown, secret?: string, indent?: number) {
    const body = JSON.stringify(payload, null, indent);
    return h.request<{ queued?: number; type?: string }>(
      'POST',
      `/api/v1/hr/${kit.vendor}`,
      body,
      kit.sign(body, secret),
    );
  }

  /** The person's onboarding once it exists, and once every job about them has run. */
  async function settled(employeeId: string): Promise<OnboardingView> {
    return eventually(`the onboarding of ${employeeId}`, async () => {
      const jobs = await queue().getJobs(['waiting', 'active', 'delayed']);
      if (jobs.some((j) => j.data.employeeId === employeeId)) return undefined;
      const record = await onboardings().findOne({ employeeId });
      if (!record) return undefined;
      const view = await h.hr<OnboardingView>('GET', `/api/v1/onboardings/${String(record._id)}`);
      return view.body;
    });
  }

  /** Once the person's workflow has closed, which frees their open slot. */
  const ended = (employeeId: string) =>
    eventually(`the onboarding of ${employeeId} closed`, async () => {
      const record = await onboardings().findOne({ employeeId });
      return String(record?.openKey ?? '').includes('#') ? true : undefined;
    });

  const counted = async (vendor: string, outcome: string) => {
    const text = await h.get(Metrics).registry.metrics();
    const line = text
      .split('\n')
      .find((l) =>
        l.startsWith(`onboarding_hr_adapter_total{vendor="${vendor}",outcome="${outcome}"}`),
      );
    return Number(line?.split(' ')[1] ?? 0);
  };

  describe.each(KITS)('$vendor', (kit) => {
    it('takes in the documented example delivery: one onboarding, one invite', async () => {
      const id = hire();
      const res = await deliver(kit, kit.created(id));
      expect(res.status).toBe(202);
      expect(res.body.queued).toBe(1);

      const view = await settled(id);
      expect(view).toMatchObject({
        employeeId: id,
        email: `hire-${id}@example.com`,
        startDate: '2027-03-01',
      });
      await eventually('the invite', async () => {
        const mails = await h.mailsFor(view.onboardingId);
        return mails.some((m) => m.data.template === 'invite') ? true : undefined;
      });
      expect(await stored(id)).toBe(1);
    });

    it('refuses a wrong signature with 401, queues and stores nothing', async () => {
      const id = hire();
      const res = await deliver(kit, kit.created(id), 'another-secret-0123456789');
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('urn:problem:onboarding:hr-adapter-unauthenticated');
      const jobs = await queue().getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
      expect(jobs.filter((j) => j.data.employeeId === id)).toHaveLength(0);
      expect(await stored(id)).toBe(0);
    });

    it('makes a create followed at once by an update one onboarding', async () => {
      const id = hire();
      const answers = await Promise.all([
        deliver(kit, kit.created(id)),
        deliver(kit, kit.updated(id)),
      ]);
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      await settled(id);
      expect(await stored(id)).toBe(1);
    });

    it('turns a later change of start date and e-mail into the change-contact action', async () => {
      const id = hire();
      await deliver(kit, kit.created(id));
      const before = await settled(id);
      people.set(id, { email: `moved-${id}@example.com`, startDate: '2027-04-15' });
      expect((await deliver(kit, kit.updated(id))).status).toBe(202);

      const after = await eventually('the change', async () => {
        const view = await settled(id);
        return view.adminActions.length > 0 ? view : undefined;
      });
      expect(after.onboardingId).toBe(before.onboardingId);
      expect(after).toMatchObject({ email: `moved-${id}@example.com`, startDate: '2027-04-15' });
      expect(after.adminActions).toHaveLength(1);
      expect(after.adminActions[0]).toMatchObject({
        action: 'change_contact',
        by: 'default',
        actor: `${kit.vendor} webhook`,
        after: { email: `moved-${id}@example.com`, startDate: '2027-04-15' },
      });
    });

    it('after a cancelled onboarding, an update starts none and a create (a re-hire) one', async () => {
      const id = hire();
      await deliver(kit, kit.created(id));
      const first = await settled(id);
      const cancel = await h.hr('POST', `/api/v1/onboardings/${first.onboardingId}/cancel`, {
        onboardingId: first.onboardingId,
        action: 'cancel',
        actor: 'hr@example.com',
        reason: 'offer withdrawn',
      });
      expect(cancel.status).toBe(200);
      await ended(id);

      const before = await counted(kit.vendor, 'ended');
      expect((await deliver(kit, kit.updated(id))).status).toBe(202);
      await eventually('the update counted as ended', async () =>
        (await counted(kit.vendor, 'ended')) > before ? true : undefined,
      );
      expect(await stored(id)).toBe(1);

      expect((await deliver(kit, kit.created(id), undefined, 2)).status).toBe(202);
      await eventually('the re-hire', async () => ((await stored(id)) === 2 ? true : undefined));
    });

    it('refuses a person without an e-mail address: counted, not taken in', async () => {
      const refused = await counted(kit.vendor, 'refused');
      const id = hire({ email: '' });
      expect((await deliver(kit, kit.created(id))).status).toBe(202);
      await eventually('the refusal', async () =>
        (await counted(kit.vendor, 'refused')) > refused ? true : undefined,
      );
      expect(await stored(id)).toBe(0);
    });
  });

  it("never onboards an activated employee again: Bob's joined event, updates and creates", async () => {
    const id = hire();
    const employee = await activeEmployee(h, 'joined', newHire({ employeeId: id }));
    await ended(id);
    const hibob = KITS.find((k) => k.vendor === 'hibob')!;
    const joined = { ...(hibob.updated(id) as object), type: 'employee.joined' };
    const deliveries: [VendorKit, unknown][] = [
      [hibob, joined],
      ...KITS.map((kit): [VendorKit, unknown] => [kit, kit.updated(id)]),
      ...KITS.map((kit): [VendorKit, unknown] => [kit, kit.created(id)]),
    ];
    for (const [kit, payload] of deliveries) {
      const before = await counted(kit.vendor, 'ended');
      expect((await deliver(kit, payload)).status).toBe(202);
      await eventually(`${kit.vendor}'s delivery counted as ended`, async () =>
        (await counted(kit.vendor, 'ended')) > before ? true : undefined,
      );
    }
    expect(await stored(id)).toBe(1);
    expect(
      (await h.mailsFor(employee.onboardingId)).filter((m) => m.data.template === 'invite'),
    ).toHaveLength(1);
  });

  it("answers Bob's connection test with 200, as text or JSON, signed or not; queues nothing", async () => {
    const seen = async () => [
      await counted('hibob', 'queued'),
      await counted('hibob', 'unauthenticated'),
    ];
    const before = await seen();
    const asText = await h.request('POST', '/api/v1/hr/hibob', 'Ping test', {
      'content-type': 'text/plain',
    });
    expect([asText.status, asText.body]).toEqual([200, { queued: 0 }]);
    const asJson = await h.request('POST', '/api/v1/hr/hibob', '{"text":"Ping test"}');
    expect([asJson.status, asJson.body]).toEqual([200, { queued: 0 }]);
    expect(await seen()).toEqual(before);
    // Only the test: anything else unsigned is still refused, and other text is not JSON.
    const other = await h.request('POST', '/api/v1/hr/hibob', '{"text":"Ping test","x":1}');
    expect(other.status).toBe(401);
    const prose = await h.request('POST', '/api/v1/hr/hibob', 'hello', {
      'content-type': 'text/plain',
    });
    expect(prose.status).toBe(415);
  });

  it('lists each route in the OpenAPI document with the header it is authenticated by', async () => {
    const res = await h.request<{
      paths: Record<string, { post?: { parameters?: { name: string }[] } }>;
    }>('GET', '/docs-json');
    const headers = (vendor: string) =>
      res.body.paths[`/api/v1/hr/${vendor}`]?.post?.parameters?.map((p) => p.name);
    expect(headers('personio')).toEqual(['authorization']);
    expect(headers('hibob')).toEqual(['bob-signature']);
    expect(headers('bamboohr')).toEqual(['x-bamboohr-timestamp', 'x-bamboohr-signature']);
  });

  it('keeps a job that ran out of tries as failed: logged, counted, in the queue gauge', async () => {
    const kit = KITS.find((k) => k.vendor === 'hibob')!;
    const id = hire();
    api.fail(kit.personPath(id), 1);
    const failed = await counted('hibob', 'failed');
    // Queued as the route does, but with one try only, so it runs out at once.
    const job = {
      vendor: 'hibob',
      clientId: 'default',
      employeeId: id,
      change: 'created',
    } as const;
    await queue().add(
      'hibob created',
      { ...job, receipt: `test.${id}` },
      { jobId: `test.${id}`, attempts: 1 },
    );
    await eventually('the count', async () =>
      (await counted('hibob', 'failed')) > failed ? true : undefined,
    );
    expect(await (await queue().getJob(`test.${id}`))?.getState()).toBe('failed');
    const gauge = await h.get(Metrics).registry.metrics();
    expect(gauge).toMatch(/onboarding_queue_jobs\{queue="hr-inbound",state="failed"\} [1-9]/);
    expect(await stored(id)).toBe(0);
  });

  it('HiBob: reads the person through the queue, and a failing API answer is retried', async () => {
    const kit = KITS.find((k) => k.vendor === 'hibob')!;
    const id = hire();
    api.fail(kit.personPath(id), 1);
    expect((await deliver(kit, kit.created(id))).status).toBe(202);

    const view = await settled(id);
    expect(view.employeeId).toBe(id);
    const reads = api.requests.filter((r) => r.path === kit.personPath(id));
    expect(reads.map((r) => r.status)).toEqual([500, 200]);
    expect(reads[0]?.authorization).toBe(`Basic ${Buffer.from('svc:token').toString('base64')}`);
    const [job] = (await queue().getJobs(['completed'])).filter((j) => j.data.employeeId === id);
    expect(job?.attemptsMade).toBeGreaterThanOrEqual(1);
  });
});

import { randomBytes } from 'node:crypto';
import { hashScimToken } from '../../src/scim/scim.config';
import { Harness, newHire } from '../support/harness';
import {
  BULK_REQUEST,
  ENTERPRISE_USER,
  ONBOARDING_USER,
  PATCH_OP,
  ScimClient,
  type ScimError,
  type ScimUserBody,
  scimUser,
} from '../support/scim-client';
import { eventually } from '../support/wait';

interface HrView {
  onboardingId: string;
  employeeId: string;
  email: string;
  status: string;
  startDate: string | null;
  timeZone: string | null;
  population: string | null;
  manager: { name: string; email: string } | null;
  history: { to: string; by?: { actor: string; reason: string } }[];
  adminActions: { action: string; actor: string; reason: string; by: string }[];
}

interface ListBody {
  schemas: string[];
  totalResults: number;
  Resources: ScimUserBody[];
}

interface BulkBody {
  Operations: {
    method: string;
    bulkId?: string;
    status: string;
    location?: string;
    response?: ScimError;
  }[];
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('SCIM 2.0 provisioning', () => {
  let h: Harness;
  let scim: ScimClient;
  /** A second HR client with a SCIM token of its own, as HR_CLIENTS_FILE would give. */
  const acmeToken = randomBytes(32).toString('base64url');
  beforeAll(async () => {
    h = await Harness.start({
      configure: (c) => ({
        ...c,
        hrClients: [
          // SCIM's userType picks the default client's named policy.
          ...c.hrClients.map((client) =>
            client.id === 'default'
              ? {
                  ...client,
                  policies: {
                    contractor: { codeValidity: '3d' },
                    intern: { inviteLeadTime: '14d', codeValidity: '14d' },
                  },
                }
              : client,
          ),
          { id: 'acme', keys: [randomBytes(24)], scimTokenHash: hashScimToken(acmeToken) },
        ],
      }),
    });
    scim = new ScimClient(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const hrView = async (id: string) =>
    (await h.hr<HrView>('GET', `/api/v1/onboardings/${id}`)).body;
  const invitesOf = async (id: string) =>
    (await h.mailsFor(id)).filter((m) => m.data.template === 'invite').map((m) => m.data.to);

  /** A new User whose workflow has invited the hire: it writes the record no more for now. */
  async function created(overrides: Record<string, unknown> = {}) {
    const user = scimUser(overrides);
    const res = await scim.create(user);
    expect(res.status).toBe(201);
    const id = res.body.id;
    await eventually('the invited transition', async () =>
      (await hrView(id)).history.some((t) => t.to === 'invited') ? true : undefined,
    );
    return { user, res, id };
  }

  it('creates an onboarding from a User: 201, Location, ETag, and the invite goes out', async () => {
    const { user, res, id } = await created({
      timezone: 'Europe/Amsterdam',
      userType: 'Contractor',
      [ONBOARDING_USER]: { startDate: '2027-02-01' },
    });
    expect(res.contentType).toMatch(/^application\/scim\+json/);
    expect(id).toMatch(/^onb_/);
    expect(res.body.meta.location).toBe(`${h.config.http.publicUrl}/scim/v2/Users/${id}`);
    expect(res.location).toBe(res.body.meta.location);
    expect(res.body.meta.version).toMatch(/^W\/"\d+\.\d+"$/);
    expect(res.etag).toBe(res.body.meta.version);
    expect(res.body).toMatchObject({
      userName: user.userName,
      externalId: user.externalId,
      active: true,
    });
    await eventually('the invite', async () => ((await invitesOf(id)).length ? true : undefined));

    const view = await hrView(id);
    expect(view).toMatchObject({
      employeeId: (user[ENTERPRISE_USER] as { employeeNumber: string }).employeeNumber,
      email: (user.emails as { value: string }[])[0]?.value,
      startDate: '2027-02-01',
      timeZone: 'Europe/Amsterdam',
      population: 'contractor',
    });
    const read = await scim.request('GET', `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, userName: user.userName });
    expect(read.body[ONBOARDING_USER]).toEqual({ startDate: '2027-02-01' });
  });

  it('finds Users by userName (any case), externalId and emails.value, each with eq', async () => {
    const { user, id } = await created();
    const email = (user.emails as { value: string }[])[0]?.value ?? '';
    for (const filter of [
      `userName eq "${user.userName.toUpperCase()}"`,
      `externalId eq "${user.externalId}"`,
      `emails.value eq "${email}"`,
      `emails[value eq "${email}"]`,
    ]) {
      const res = await scim.request<ListBody>(
        'GET',
        `/Users?filter=${encodeURIComponent(filter)}`,
      );
      expect(res.status).toBe(200);
      expect([filter, res.body.totalResults]).toEqual([filter, 1]);
      expect(res.body.Resources.map((r) => r.id)).toEqual([id]);
    }
    const none = await scim.request<ListBody>(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "nobody@example.nl"')}`,
    );
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

    // Paging out of range is read, not refused (RFC 7644 §3.4.2.4).
    const wide = await scim.request<ListBody & { startIndex: number }>(
      'GET',
      `/Users?filter=${encodeURIComponent(`externalId eq "${user.externalId}"`)}&startIndex=0&count=5000`,
    );
    expect(wide.status).toBe(200);
    expect(wide.body).toMatchObject({ startIndex: 1, totalResults: 1 });
    const counted = await scim.request<ListBody>('GET', '/Users?count=-3');
    expect(counted.status).toBe(200);
    expect(counted.body.Resources).toEqual([]);
  });

  it('finds a User whose invite waits for its moment (scheduled) by emails.value', async () => {
    const user = scimUser({ userType: 'Intern', [ONBOARDING_USER]: { startDate: '2027-09-01' } });
    const res = await scim.create(user);
    expect(res.status).toBe(201);
    expect((await hrView(res.body.id)).status).toBe('scheduled');
    const email = (user.emails as { value: string }[])[0]?.value ?? '';
    const found = await scim.request<ListBody>(
      'GET',
      `/Users?filter=${encodeURIComponent(`emails.value eq "${email}"`)}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.Resources.map((r) => r.id)).toEqual([res.body.id]);
  });

  it.each([
    ['a syntax error', 'userName eq'],
    ['an attribute we cannot filter on', 'name.givenName eq "Anouk"'],
    ['an operator other than eq', 'userName co "anouk"'],
  ])('answers %s with 400 invalidFilter in SCIM format', async (_, filter) => {
    const res = await scim.request<ScimError>('GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({
      schemas: [SCIM_ERROR],
      status: '400',
      scimType: 'invalidFilter',
    });
  });

  it.each([
    ['no token', ''],
    ['a wrong token', 'x'.repeat(43)],
  ])('refuses %s with 401 in SCIM format', async (_, token) => {
    const client = new ScimClient(h, token);
    const res = await client.request<ScimError>('GET', '/Users');
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
    const post = await client.create(scimUser());
    expect(post.status).toBe(401);
  });

  it("each HR client's token sees its own Users only; the same employee id is another hire", async () => {
    const { user, id } = await created();
    const acme = new ScimClient(h, acmeToken);
    expect((await acme.request('GET', `/Users/${id}`)).status).toBe(404);
    const filter = encodeURIComponent(`userName eq "${user.userName}"`);
    const list = await acme.request<ListBody>('GET', `/Users?filter=${filter}`);
    expect(list.body.totalResults).toBe(0);
    expect((await acme.patch(id, [{ op: 'replace', value: { active: false } }])).status).toBe(404);
    const theirs = await acme.create({ ...user });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(id);
  });

  it('PATCH active=false cancels the onboarding and its workflow, audited as scim', async () => {
    const { id } = await created();
    const res = await scim.patch(id, [{ op: 'replace', value: { active: false } }]);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    const view = await eventually('the cancellation', async () => {
      const v = await hrView(id);
      return v.status === 'cancelled' ? v : undefined;
    });
    expect(view.history.at(-1)).toMatchObject({
      to: 'cancelled',
      by: { actor: 'scim', reason: 'SCIM PATCH active=false' },
    });
    expect(view.adminActions).toEqual([
      expect.objectContaining({ action: 'cancel', actor: 'scim', by: 'default' }),
    ]);
    const again = await scim.patch(id, [{ op: 'replace', path: 'active', value: true }]);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ scimType: 'mutability' });
  });

  it('PUT with a new e-mail sends a new invite there; a new start date and zone are stored', async () => {
    const { user, id } = await created();
    // The workflow wrote the record since it was created: its version moved on.
    const res = await scim.request('GET', `/Users/${id}`);
    const put = await scim.request(
      'PUT',
      `/Users/${id}`,
      {
        ...user,
        userName: `renamed.${user.userName}`,
        emails: [{ value: 'anouk.private@example.org', primary: true }],
        timezone: 'America/Curacao',
        [ONBOARDING_USER]: { startDate: '2027-03-01' },
      },
      { 'if-match': res.etag ?? '' },
    );
    expect(put.status).toBe(200);
    expect(put.body.emails).toEqual([{ value: 'anouk.private@example.org', primary: true }]);
    expect(put.body.userName).toBe(`renamed.${user.userName}`);
    expect(put.etag).not.toBe(res.etag);
    const view = await hrView(id);
    expect(view).toMatchObject({
      email: 'anouk.private@example.org',
      startDate: '2027-03-01',
      timeZone: 'America/Curacao',
    });
    expect(view.adminActions).toEqual([
      expect.objectContaining({ action: 'change_contact', actor: 'scim' }),
    ]);
    expect(await invitesOf(id)).toEqual([
      (user.emails as { value: string }[])[0]?.value,
      'anouk.private@example.org',
    ]);
  });

  it('refuses a write whose If-Match names another version with 412', async () => {
    const { id, res } = await created();
    const stale = { 'if-match': 'W/"1"' };
    const patch = await scim.patch(id, [{ op: 'replace', value: { active: false } }], stale);
    expect(patch.status).toBe(412);
    expect(patch.body).toMatchObject({ schemas: [SCIM_ERROR], status: '412' });
    const del = await scim.request('DELETE', `/Users/${id}`, undefined, stale);
    expect(del.status).toBe(412);
    expect((await hrView(id)).status).not.toBe('cancelled');
    const current = await scim.request('DELETE', `/Users/${id}`, undefined, {
      'if-match': (await scim.request('GET', `/Users/${id}`)).etag ?? '',
    });
    expect(current.status).toBe(204);
    expect(res.etag).toBeTruthy();
    await eventually('the cancellation', async () =>
      (await hrView(id)).status === 'cancelled' ? true : undefined,
    );
    // Deleted is gone (RFC 7644 §3.6): every later request about the User is a 404.
    for (const method of ['GET', 'DELETE'] as const) {
      const gone = await scim.request(method, `/Users/${id}`);
      expect([method, gone.status]).toEqual([method, 404]);
    }
    expect((await scim.patch(id, [{ op: 'replace', value: { active: false } }])).status).toBe(404);
    const list = await scim.request<ListBody>(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${String(res.body.userName)}"`)}`,
    );
    expect(list.body.totalResults).toBe(0);
  });

  it('one hire sent by the webhook and by SCIM is one onboarding, whichever comes first', async () => {
    const viaWebhook = newHire();
    const first = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', viaWebhook);
    expect(first.status).toBe(202);
    const linked = await scim.create(
      scimUser({ [ENTERPRISE_USER]: { employeeNumber: viaWebhook.employeeId } }),
    );
    expect(linked.status).toBe(201);
    expect(linked.body.id).toBe(first.body.onboardingId);

    const { user, id } = await created();
    const employeeId = (user[ENTERPRISE_USER] as { employeeNumber: string }).employeeNumber;
    const second = await h.hr<{ onboardingId: string }>(
      'POST',
      '/api/v1/onboardings',
      newHire({ employeeId }),
    );
    expect(second.body.onboardingId).toBe(id);
    const again = await scim.create(
      scimUser({ [ENTERPRISE_USER]: { employeeNumber: employeeId } }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ scimType: 'uniqueness' });
    const sameName = await scim.create(scimUser({ userName: user.userName }));
    expect(sameName.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('resolves the enterprise manager to a known User: their name and e-mail', async () => {
    const boss = await created({ externalId: `boss-${Date.now()}` });
    const byId = await created({
      [ENTERPRISE_USER]: {
        employeeNumber: `S-m1-${Date.now()}`,
        manager: { value: boss.id, displayName: 'Bas de Baas' },
      },
    });
    expect((await hrView(byId.id)).manager).toEqual({
      name: 'Bas de Baas',
      email: (boss.user.emails as { value: string }[])[0]?.value,
    });
    const byExternalId = await created({
      [ENTERPRISE_USER]: {
        employeeNumber: `S-m2-${Date.now()}`,
        manager: { value: boss.user.externalId },
      },
    });
    expect((await hrView(byExternalId.id)).manager?.name).toBe('Anouk Jansen');
  });

  it('Bulk: each operation has its own result, bulkIds resolve, failOnErrors stops', async () => {
    const existing = await created();
    const boss = scimUser();
    const res = await scim.request<BulkBody>('POST', '/Bulk', {
      schemas: [BULK_REQUEST],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'boss', data: boss },
        { method: 'POST', path: '/Users', bulkId: 'bad', data: scimUser({ name: {} }) },
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'hire',
          data: scimUser({
            [ENTERPRISE_USER]: {
              employeeNumber: `S-b-${Date.now()}`,
              manager: { value: 'bulkId:boss' },
            },
          }),
        },
        {
          method: 'PATCH',
          path: `/Users/${existing.id}`,
          data: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          },
        },
      ],
    });
    expect(res.status).toBe(200);
    const [bossResult, failed, hireResult, patched] = res.body.Operations;
    expect(bossResult).toMatchObject({ method: 'POST', bulkId: 'boss', status: '201' });
    expect(bossResult?.location).toMatch(/\/scim\/v2\/Users\/onb_/);
    expect(failed).toMatchObject({
      bulkId: 'bad',
      status: '400',
      response: { schemas: [SCIM_ERROR], scimType: 'invalidValue' },
    });
    expect(hireResult).toMatchObject({ bulkId: 'hire', status: '201' });
    const hireId = hireResult?.location?.split('/').pop() ?? '';
    expect((await hrView(hireId)).manager?.email).toBe(
      (boss.emails as { value: string }[])[0]?.value,
    );
    expect(patched).toMatchObject({ method: 'PATCH', status: '200' });
    await eventually('the cancellation', async () =>
      (await hrView(existing.id)).status === 'cancelled' ? true : undefined,
    );
    expect((await hrView(existing.id)).history.at(-1)?.by?.reason).toBe('SCIM Bulk active=false');

    const stopped = await scim.request<BulkBody>('POST', '/Bulk', {
      schemas: [BULK_REQUEST],
      failOnErrors: 1,
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'bad', data: scimUser({ name: {} }) },
        { method: 'POST', path: '/Users', bulkId: 'never', data: scimUser() },
      ],
    });
    expect(stopped.body.Operations.map((o) => o.status)).toEqual(['400']);
  });

  it('announces its Bulk limits and answers a request over them with 413', async () => {
    const config = await scim.request<{ bulk: { maxOperations: number; maxPayloadSize: number } }>(
      'GET',
      '/ServiceProviderConfig',
    );
    expect(config.status).toBe(200);
    const { maxOperations, maxPayloadSize } = config.body.bulk;
    const operation = { method: 'DELETE', path: '/Users/onb_none' };
    const tooMany = await scim.request<ScimError>('POST', '/Bulk', {
      schemas: [BULK_REQUEST],
      Operations: Array.from({ length: maxOperations + 1 }, () => operation),
    });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ schemas: [SCIM_ERROR], status: '413' });
    const tooBig = await scim.request<ScimError>('POST', '/Bulk', {
      schemas: [BULK_REQUEST],
      Operations: [{ ...operation, padding: 'x'.repeat(maxPayloadSize) }],
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.contentType).toMatch(/^application\/scim\+json/);
    expect(tooBig.body).toMatchObject({ schemas: [SCIM_ERROR], status: '413' });
  });

  it('describes itself: Schemas, ResourceTypes, and the OpenAPI document', async () => {
    const schemas = await scim.request<{ Resources: { id: string }[] }>('GET', '/Schemas');
    expect(schemas.body.Resources.map((s) => s.id)).toEqual(
      expect.arrayContaining([ENTERPRISE_USER, ONBOARDING_USER]),
    );
    const one = await scim.request<{ id: string }>('GET', `/Schemas/${ONBOARDING_USER}`);
    expect(one.body.id).toBe(ONBOARDING_USER);
    const types = await scim.request<{ Resources: { name: string }[] }>('GET', '/ResourceTypes');
    expect(types.body.Resources.map((t) => t.name)).toEqual(['User']);
    const unknown = await scim.request<ScimError>('GET', '/ResourceTypes/Group');
    expect(unknown.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404' });
    const groups = await scim.request<ScimError>('POST', '/Groups', { displayName: 'Sales' });
    expect(groups.status).toBe(404);
    expect(groups.body).toMatchObject({ schemas: [SCIM_ERROR], status: '404' });
    const docs = await h.request<{ paths: Record<string, unknown> }>('GET', '/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/scim/v2/Users', '/scim/v2/Users/{id}', '/scim/v2/Bulk']),
    );
  });
});

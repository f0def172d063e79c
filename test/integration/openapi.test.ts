import { Harness } from '../support/harness';

/** What an HR engineer reads at /docs: the routes, and what their callback URL receives. */
describe('the OpenAPI document', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ worker: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists every HR event type and names the employee pages', async () => {
    const res = await h.request<{
      info: { description: string };
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: { type?: { enum?: string[] } } }> };
    }>('GET', '/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths).toHaveProperty(['/api/v1/onboardings']);
    expect(res.body.paths).toHaveProperty(['/api/v1/onboardings/bulk', 'post', 'requestBody']);
    expect(res.body.components.schemas.HrEvent?.properties?.type?.enum).toEqual(
      expect.arrayContaining([
        'onboarding.invited',
        'onboarding.activated',
        'onboarding.code_requested',
        'onboarding.reissue_requested',
      ]),
    );
    for (const page of ['/login/new-code', '/account/security', 'TWO_FACTOR_METHODS']) {
      expect(res.body.info.description).toContain(page);
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { Harness } from './harness';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ONBOARDING_USER = 'urn:ietf:params:scim:schemas:extension:onboarding:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

export interface ScimResult<T> {
  status: number;
  contentType: string | null;
  etag: string | null;
  location: string | null;
  body: T;
}

export interface ScimError {
  schemas: string[];
  status: string;
  scimType?: string;
  detail?: string;
}

export interface ScimUserBody {
  id: string;
  userName: string;
  externalId?: string;
  active: boolean;
  emails: { value: string; primary?: boolean }[];
  meta: { location: string; version: string; resourceType: string };
  [extension: string]: unknown;
}

/** An IdP talking SCIM to the harness's API, with the default client's token unless told. */
export class ScimClient {
  constructor(
    private readonly h: Harness,
    private readonly token: string | undefined = process.env.SCIM_TOKEN,
  ) {}

  async request<T = ScimUserBody>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ScimResult<T>> {
    const payload =
      typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(`${this.h.url}/scim/v2${path}`, {
      method,
      body: payload,
      headers: {
        ...(payload ? { 'content-type': 'application/scim+json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      etag: response.headers.get('etag'),
      location: response.headers.get('location'),
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  create(user: Record<string, unknown>): Promise<ScimResult<ScimUserBody>> {
    return this.request('POST', '/Users', user);
  }

  patch(id: string, operations: object[], headers: Record<string, string> = {}) {
    return this.request(
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: operations },
      headers,
    );
  }
}

/** A SCIM User for a new hire, with a unique employee number and user name. */
export function scimUser(overrides: Record<string, unknown> = {}): Record<string, unknown> & {
  userName: string;
  externalId: string;
} {
  const tag = randomUUID().slice(0, 8);
  return {
    schemas: [CORE_USER, ENTERPRISE_USER],
    userName: `anouk.${tag}@example.nl`,
    externalId: `okta-${tag}`,
    name: { givenName: 'Anouk', familyName: 'Jansen' },
    emails: [{ value: `anouk.${tag}@example.nl`, type: 'work', primary: true }],
    preferredLanguage: 'nl-NL',
    active: true,
    [ENTERPRISE_USER]: { employeeNumber: `S-${tag}` },
    ...overrides,
  };
}

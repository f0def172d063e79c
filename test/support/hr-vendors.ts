import { createHmac } from 'node:crypto';
import type { HrAdapterSettings, Vendor } from '../../src/hr-adapters/adapters.schema';
import { fixture } from './hr-fixtures';
import type { VendorApi } from './vendor-api';

/** A person as the vendor's API will answer for them; tests change it between deliveries. */
export interface Person {
  email: string;
  startDate: string;
}

/**
 * What a test needs of one vendor: its settings, its documented example deliveries made
 * about a given person and signed its way (computed here, not with the service's code), and
 * its API answering for the people in `people`.
 */
export interface VendorKit {
  vendor: Vendor;
  created(employeeId: string): unknown;
  updated(employeeId: string): unknown;
  sign(body: string, secret?: string): Record<string, string>;
  /** The API path that reads this person (to fail it on purpose). */
  personPath(employeeId: string): string;
}

const SECRET = 'kit-secret-0123456789abcdef';

const hmac = (algorithm: string, data: string, secret: string, encoding: 'hex' | 'base64') =>
  createHmac(algorithm, secret).update(data).digest(encoding);

const withEvent = (name: string, event: string, id: string) => {
  const body = fixture('personio', name);
  return { ...body, event_name: event, payload: { id } };
};
const bobEvent = (name: string, id: string) => {
  const body = fixture('hibob', name);
  return { ...body, data: { ...(body.data as object), employeeId: id } };
};
const bambooEmployees = (name: string, id: string) => {
  const [entry] = fixture('bamboohr', name).employees as object[];
  return { employees: [{ ...entry, id }] };
};

export const KITS: VendorKit[] = [
  {
    vendor: 'personio',
    created: (id) => withEvent('person-created', 'person.created', id),
    updated: (id) => withEvent('person-created', 'person.updated', id),
    sign: (_, secret = SECRET) => ({ authorization: secret }),
    personPath: (id) => `/v2/persons/${id}`,
  },
  {
    vendor: 'hibob',
    created: (id) => bobEvent('employee-created', id),
    updated: (id) => bobEvent('employee-updated', id),
    sign: (body, secret = SECRET) => ({ 'bob-signature': hmac('sha512', body, secret, 'base64') }),
    personPath: (id) => `/people/${id}`,
  },
  {
    vendor: 'bamboohr',
    created: (id) => bambooEmployees('field-based-created', id),
    updated: (id) => bambooEmployees('field-based-updated', id),
    sign: (body, secret = SECRET) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        'x-bamboohr-timestamp': timestamp,
        'x-bamboohr-signature': hmac('sha256', body + timestamp, secret, 'hex'),
      };
    },
    personPath: (id) => `/acme/v1/employees/${id}/`,
  },
];

/** Every vendor's settings for one client, all pointing at `api`. */
export function kitSettings(apiUrl: string): HrAdapterSettings {
  return {
    personio: { tokens: [SECRET], clientId: 'id', clientSecret: 'secret', apiUrl },
    hibob: { secrets: [SECRET], serviceUserId: 'svc', serviceUserToken: 'token', apiUrl },
    bamboohr: { privateKeys: [SECRET], companyDomain: 'acme', apiKey: 'key', apiUrl },
  };
}

/** The three vendors' APIs on one server, answering from the documented-shape records. */
export function serveVendors(api: VendorApi, people: Map<string, Person>): void {
  const known = (m: RegExpExecArray) => people.get(decodeURIComponent(m[1] ?? ''));
  api
    .on('POST', /^\/v2\/auth\/token$/, () => ({ access_token: 'personio-access' }))
    .on('GET', /^\/v2\/persons\/([^/]+)$/, (m) => {
      const p = known(m);
      return p && { ...fixture('personio', 'person'), id: m[1], email: p.email };
    })
    .on('GET', /^\/v2\/persons\/([^/]+)\/employments$/, (m) => {
      const p = known(m);
      const [job] = fixture('personio', 'employments')._data as object[];
      return p && { _data: [{ ...job, start_date: p.startDate }] };
    })
    .on('POST', /^\/people\/([^/]+)$/, (m) => {
      const p = known(m);
      const person = fixture('hibob', 'person');
      return (
        p && {
          ...person,
          id: m[1],
          email: p.email,
          work: { ...(person.work as object), startDate: p.startDate },
        }
      );
    })
    .on('GET', /^\/acme\/v1\/employees\/([^/]+)\/\?/, (m) => {
      const p = known(m);
      return (
        p && {
          ...fixture('bamboohr', 'employee'),
          id: m[1],
          workEmail: p.email,
          hireDate: p.startDate,
        }
      );
    });
}

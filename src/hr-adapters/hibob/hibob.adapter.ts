import type { HrAdapter } from '../hr-adapter';
import { hmacMatches } from '../signatures';
import { basicAuth, vendorJson } from '../vendor-api';
import { HIBOB_FIELDS, hibobChanges, hibobPerson } from './hibob.mapping';

const PING = 'Ping test';

/**
 * HiBob (Bob). Each request is signed: `Bob-Signature` is the base64 HMAC-SHA512 of the raw
 * body under the webhook's secret (https://apidocs.hibob.com/reference/getting-started-1,
 * "Authenticate your events"). The person is read with a service user (Basic auth).
 */
export const hibob: HrAdapter<'hibob'> = {
  vendor: 'hibob',
  docs: {
    summary: 'Bob (HiBob) webhook: employee.created, employee.updated, employee.joined',
    headers: [
      { name: 'bob-signature', description: 'base64 HMAC-SHA512 of the body (webhook secret)' },
    ],
  },
  // Bob's connection test: the text "Ping test", then {"text":"Ping test"} if that failed
  // (https://apidocs.hibob.com/docs/working-with-webhooks, "Validate your connection").
  isPing: (body) =>
    (typeof body === 'string' && body.trim() === PING) ||
    (typeof body === 'object' &&
      body !== null &&
      Object.keys(body).length === 1 &&
      (body as { text?: unknown }).text === PING),
  verify: (request, settings) =>
    hmacMatches(
      'sha512',
      'base64',
      settings.secrets,
      request.rawBody,
      request.header('bob-signature'),
    ),
  changes: hibobChanges,
  fetch: (employeeId, settings) =>
    vendorJson(`${settings.apiUrl}/people/${encodeURIComponent(employeeId)}`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(settings.serviceUserId, settings.serviceUserToken),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ fields: HIBOB_FIELDS }),
    }),
  map: (person, settings) => hibobPerson(person, settings.populations),
};

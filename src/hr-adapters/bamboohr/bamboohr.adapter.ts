import type { HrAdapter } from '../hr-adapter';
import { hmacMatches } from '../signatures';
import { basicAuth, vendorJson } from '../vendor-api';
import { BAMBOOHR_FIELDS, bamboohrChanges, bamboohrPerson } from './bamboohr.mapping';

/** A delivery signed longer ago than this is refused, so a captured one cannot be replayed. */
const TOLERANCE_MS = 5 * 60_000;

/**
 * BambooHR. `X-BambooHR-Signature` is the hex HMAC-SHA256, under the webhook's private key,
 * of the raw body followed directly by `X-BambooHR-Timestamp` (Unix seconds)
 * (https://documentation.bamboohr.com/docs/webhooks, "Security"). The person is read with an
 * API key (Basic auth, any password).
 */
export const bamboohr: HrAdapter<'bamboohr'> = {
  vendor: 'bamboohr',
  docs: {
    summary: 'BambooHR webhook: field-based (Created, Updated) or event-based (employee.*)',
    headers: [
      { name: 'x-bamboohr-timestamp', description: 'Unix seconds, at most 5 minutes off' },
      {
        name: 'x-bamboohr-signature',
        description: 'hex HMAC-SHA256 of body + timestamp (private key)',
      },
    ],
  },
  verify: (request, settings, nowMs) => {
    const timestamp = request.header('x-bamboohr-timestamp') ?? '';
    if (
      !/^\d{1,12}$/.test(timestamp) ||
      Math.abs(nowMs - Number(timestamp) * 1000) > TOLERANCE_MS
    ) {
      return false;
    }
    const signed = Buffer.concat([request.rawBody, Buffer.from(timestamp)]);
    const given = request.header('x-bamboohr-signature');
    return hmacMatches('sha256', 'hex', settings.privateKeys, signed, given);
  },
  changes: bamboohrChanges,
  fetch: (employeeId, settings) => {
    const path = `${settings.companyDomain}/v1/employees/${encodeURIComponent(employeeId)}/`;
    return vendorJson(`${settings.apiUrl}/${path}?fields=${BAMBOOHR_FIELDS.join(',')}`, {
      headers: { authorization: basicAuth(settings.apiKey, 'x') },
    });
  },
  map: (person, settings) => bamboohrPerson(person, settings.populations),
};

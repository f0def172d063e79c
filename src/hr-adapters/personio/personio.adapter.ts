import { z } from 'zod';
import type { HrAdapter } from '../hr-adapter';
import { tokenMatches } from '../signatures';
import { vendorJson } from '../vendor-api';
import type { PersonioSettings } from './personio.settings';
import { type PersonioRecord, personioChanges, personioPerson } from './personio.mapping';

const accessToken = z.object({ access_token: z.string().min(1) });

/** An API access token for the client's credentials (OAuth 2 client credentials, v2). */
async function authorize(settings: PersonioSettings): Promise<string> {
  const answer = await vendorJson(`${settings.apiUrl}/v2/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
    }).toString(),
  });
  return accessToken.parse(answer).access_token;
}

/**
 * Personio (API v2). Webhooks carry no signature: with `auth_type` TOKEN (the default) each
 * delivery sends the configured token verbatim in `Authorization`
 * (https://developer.personio.de/reference/post_v2-webhooks). Deliveries carry ids only, so
 * the person and their employments are read with API credentials.
 */
export const personio: HrAdapter<'personio'> = {
  vendor: 'personio',
  docs: {
    summary: 'Personio webhook (v2): person.created, person.updated, employment.*',
    headers: [
      { name: 'authorization', description: 'the token configured on the Personio webhook' },
    ],
  },
  verify: (request, settings) => tokenMatches(settings.tokens, request.header('authorization')),
  changes: personioChanges,
  fetch: async (employeeId, settings): Promise<PersonioRecord> => {
    const headers = { authorization: `Bearer ${await authorize(settings)}` };
    const url = `${settings.apiUrl}/v2/persons/${encodeURIComponent(employeeId)}`;
    const [person, employments] = await Promise.all([
      vendorJson(url, { headers }),
      vendorJson(`${url}/employments`, { headers }),
    ]);
    return { person, employments };
  },
  map: (record, settings) => personioPerson(record, settings.populations),
};

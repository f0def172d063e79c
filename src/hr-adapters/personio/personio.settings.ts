import { z } from 'zod';
import { apiUrl, populationTable, secretList } from '../settings';

/**
 * `tokens`: the exact Authorization header value set on the Personio webhook (auth_type
 * TOKEN); `clientId`/`clientSecret`: API credentials with read access to persons and
 * employments, since Personio's webhooks carry ids only.
 */
export const personioSettings = z.strictObject({
  tokens: secretList,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  apiUrl: apiUrl('https://api.personio.de'),
  populations: populationTable,
});
export type PersonioSettings = z.output<typeof personioSettings>;

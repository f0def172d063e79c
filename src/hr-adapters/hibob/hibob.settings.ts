import { z } from 'zod';
import { apiUrl, populationTable, secretList } from '../settings';

/**
 * `secrets`: the webhook's secret shown in Bob (signs each event); `serviceUserId` and
 * `serviceUserToken`: a Bob service user allowed to read the people fields we map, since
 * Bob's v2 events carry only the employee's id.
 */
export const hibobSettings = z.strictObject({
  secrets: secretList,
  serviceUserId: z.string().min(1),
  serviceUserToken: z.string().min(1),
  apiUrl: apiUrl('https://api.hibob.com/v1'),
  populations: populationTable,
});
export type HibobSettings = z.output<typeof hibobSettings>;

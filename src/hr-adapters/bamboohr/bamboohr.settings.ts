import { z } from 'zod';
import { apiUrl, populationTable, secretList } from '../settings';

/**
 * `privateKeys`: the webhook's private key from BambooHR (signs each delivery);
 * `companyDomain` and `apiKey`: read access to the employee fields we map, since a Created
 * delivery carries no fields at all.
 */
export const bamboohrSettings = z.strictObject({
  privateKeys: secretList,
  companyDomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'the BambooHR subdomain'),
  apiKey: z.string().min(1),
  apiUrl: apiUrl('https://api.bamboohr.com/api/gateway.php'),
  populations: populationTable,
});
export type BamboohrSettings = z.output<typeof bamboohrSettings>;

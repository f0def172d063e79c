import { z } from 'zod';
import { bamboohrSettings } from './bamboohr/bamboohr.settings';
import { hibobSettings } from './hibob/hibob.settings';
import { personioSettings } from './personio/personio.settings';

/** An HR client's inbound adapters (HR_CLIENTS_FILE, `adapters`): one entry per vendor it uses. */
export const hrAdaptersSchema = z.strictObject({
  personio: personioSettings.optional(),
  hibob: hibobSettings.optional(),
  bamboohr: bamboohrSettings.optional(),
});
export type HrAdapterSettings = z.output<typeof hrAdaptersSchema>;
export type Vendor = keyof HrAdapterSettings;

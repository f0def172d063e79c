import type { HrClientConfig } from '../config/config.schema';
import type { Vendor } from './adapters.schema';
import { bamboohr } from './bamboohr/bamboohr.adapter';
import type { HrAdapter, SettingsOf } from './hr-adapter';
import { hibob } from './hibob/hibob.adapter';
import { personio } from './personio/personio.adapter';

/**
 * Every inbound adapter, each with its route. A new vendor is one folder (settings, adapter,
 * mapping, fixtures), its entry here and its settings key in adapters.schema.ts.
 */
export const HR_ADAPTERS: readonly HrAdapter[] = [personio, hibob, bamboohr];

export function adapterFor(vendor: Vendor): HrAdapter {
  const adapter = HR_ADAPTERS.find((a) => a.vendor === vendor);
  if (!adapter) throw new Error(`no HR adapter for ${vendor}`);
  return adapter;
}

/** The client's settings for the adapter's vendor; undefined when the client does not use it. */
export function settingsFor<V extends Vendor>(
  adapter: HrAdapter<V>,
  client: HrClientConfig,
): SettingsOf<V> | undefined {
  // `?? undefined` lets the compiler see the NonNullable part of the indexed type.
  return client.adapters?.[adapter.vendor] ?? undefined;
}

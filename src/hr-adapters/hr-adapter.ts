import type { CreateOnboardingBody } from '../onboardings/onboarding.dto';
import type { HrAdapterSettings, Vendor } from './adapters.schema';

/** What a vendor's webhook request brings: its headers and the raw bytes a signature covers. */
export interface InboundRequest {
  header(name: string): string | undefined;
  rawBody: Buffer;
}

/**
 * One person a delivery is about. Every vendor here sends a reference, or (BambooHR's
 * Created) no fields at all, so the person is always read from the vendor's API: that also
 * means a late or repeated delivery cannot bring back older data.
 */
export interface PersonChange {
  employeeId: string;
  /** `created` for a person already open changes nothing; `updated` may change contact data. */
  change: 'created' | 'updated';
}

/** A vendor's person record as our intake body, or why it cannot be one. */
export type Mapped = { ok: true; body: CreateOnboardingBody } | { ok: false; reason: string };

/** The settings one client holds for vendor V. */
export type SettingsOf<V extends Vendor> = NonNullable<HrAdapterSettings[V]>;

/**
 * One HR system: how its deliveries are authenticated, which people they are about, and how
 * its API's person maps to intake. A new vendor is a folder with one of these.
 */
export interface HrAdapter<V extends Vendor = Vendor> {
  /** Route segment (/api/v1/hr/<vendor>), settings key and metric label. */
  readonly vendor: V;
  /** For the OpenAPI document: what the vendor sends and how it is checked. */
  readonly docs: { summary: string; headers: { name: string; description: string }[] };
  /**
   * A connection test the vendor sends when a webhook is set up, maybe unsigned and maybe not
   * JSON: answered 200 before any check (it carries no person, and the answer tells no more
   * than a 401 would: that the route exists). Absent: the vendor sends none.
   */
  readonly isPing?: (body: unknown) => boolean;
  /** Whether the request is authentic under these settings (signature or token). */
  verify(request: InboundRequest, settings: SettingsOf<V>, nowMs: number): boolean;
  /** The people a verified payload is about; events we do not act on give none. */
  changes(payload: unknown): PersonChange[];
  /** The person's current record from the vendor's API; throws when that fails (retried). */
  fetch(employeeId: string, settings: SettingsOf<V>): Promise<unknown>;
  map(person: unknown, settings: SettingsOf<V>): Mapped;
}

// The files the environment names (HR clients, brand, Temporal TLS): read and checked at
// start-up, each problem reported with the variable that named the file; and the HR clients'
// policies checked against the deployment's.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { decodeSecret } from '../hr-clients/standard-webhooks';
import { hashScimToken } from '../scim/scim.config';
import type { OnboardingPolicy } from '../../workflows/onboarding.types';
import { applyOverrides, policyConflict } from '../onboardings/policy';
import type { HrClientConfig, TemporalTls } from './config.schema';
import { type EnvVars, hrClientsFileSchema } from './env.schema';

/** TLS to Temporal from the files named (a Cloud API key implies TLS); undefined: plain. */
export function temporalTls(e: EnvVars, problems: string[]): TemporalTls | undefined {
  const read = (variable: string, path: string | undefined) => {
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      problems.push(`${variable}: cannot read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const crt = read('TEMPORAL_TLS_CERT_FILE', e.TEMPORAL_TLS_CERT_FILE);
  const key = read('TEMPORAL_TLS_KEY_FILE', e.TEMPORAL_TLS_KEY_FILE);
  const ca = read('TEMPORAL_TLS_CA_FILE', e.TEMPORAL_TLS_CA_FILE);
  if (Boolean(crt) !== Boolean(key)) {
    problems.push('TEMPORAL_TLS_CERT_FILE: needs TEMPORAL_TLS_KEY_FILE with it (and the reverse)');
  }
  // An API key (Temporal Cloud) implies TLS.
  if (e.TEMPORAL_TLS !== 'true' && !e.TEMPORAL_API_KEY && !crt) return undefined;
  return {
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

/** A JSON file checked against its schema; each problem is reported with the variable. */
export function loadJsonFile<S extends z.ZodType>(
  variable: string,
  path: string,
  schema: S,
  problems: string[],
): z.output<S> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`${variable}: cannot read ${path}: ${(error as Error).message}`);
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${variable}: [${issue.path.join('.')}] ${issue.message}`);
    }
    return undefined;
  }
  return parsed.data;
}

/**
 * More HR clients than `default`, from a JSON file:
 * [{ id, secrets, callbackUrl?, scimToken?, policy?, policies?, adapters? }].
 */
export function loadHrClients(path: string | undefined, problems: string[]): HrClientConfig[] {
  if (!path) return [];
  const entries = loadJsonFile('HR_CLIENTS_FILE', path, hrClientsFileSchema, problems) ?? [];
  const clients: HrClientConfig[] = [];
  for (const client of entries) {
    const keys = client.secrets.map(decodeSecret);
    if (client.id === 'default' || keys.some((k) => k === null)) {
      problems.push(
        `HR_CLIENTS_FILE: client "${client.id}" needs another id than "default" and whsec_ secrets`,
      );
      continue;
    }
    clients.push({
      id: client.id,
      keys: keys as Buffer[],
      callbackUrl: client.callbackUrl,
      policy: client.policy,
      policies: client.policies,
      adapters: client.adapters,
      scimTokenHash: hashScimToken(client.scimToken),
    });
  }
  return clients;
}

/**
 * Every policy a hire can run under, layered as intake layers them, checked at start-up: a
 * conflict found on the first hire of a population would be found too late. So is an adapter
 * that maps a vendor's employment type to a policy the client does not have.
 */
export function policyProblems(defaults: OnboardingPolicy, clients: HrClientConfig[]): string[] {
  const problems: string[] = [];
  const check = (where: string, policy: OnboardingPolicy) => {
    const conflict = policyConflict(policy);
    if (conflict) problems.push(`${where}: ${conflict}`);
  };
  check('ONBOARDING_INVITE_LEAD_TIME', defaults);
  for (const client of clients) {
    check(`HR_CLIENTS_FILE (${client.id}) policy`, applyOverrides(defaults, client.policy));
    for (const [name, named] of Object.entries(client.policies ?? {})) {
      check(
        `HR_CLIENTS_FILE (${client.id}) policies.${name}`,
        applyOverrides(defaults, client.policy, named),
      );
    }
    for (const [vendor, settings] of Object.entries(client.adapters ?? {})) {
      for (const [type, name] of Object.entries(settings?.populations ?? {})) {
        if (!client.policies?.[name]) {
          problems.push(
            `HR_CLIENTS_FILE (${client.id}) adapters.${vendor}.populations: "${type}" maps to "${name}", which is not among its policies`,
          );
        }
      }
    }
  }
  return problems;
}

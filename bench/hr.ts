import { performance } from 'node:perf_hooks';
import { signedHeaders } from '../test/support/hr-client';

export interface HrAnswer<T> {
  status: number;
  body: T;
  ms: number;
}

export interface Accepted {
  onboardingId: string;
  status: string;
}

/** Plays the HR system: every call signed with the reference Standard Webhooks library. */
export class HrClient {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<HrAnswer<T>> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const headers = signedHeaders(this.secret, payload);
    if (payload) headers['content-type'] = 'application/json';
    // Only the round trip is timed: signing is the HR system's cost, not the service's.
    const start = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: payload || undefined,
    });
    const text = await response.text();
    const ms = performance.now() - start;
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, ms };
  }

  /** POST /api/v1/onboardings; throws unless the service accepted the hire. */
  async hire(body: Record<string, unknown>): Promise<HrAnswer<Accepted>> {
    const answer = await this.call<Accepted>('POST', '/api/v1/onboardings', body);
    if (answer.status !== 202) {
      throw new Error(`webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }
}

/** A new hire whose address and employee id are unique to this run and tell where it came from. */
export function hireBody(
  runId: string,
  tag: string,
  index: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    employeeId: `${tag}-${runId}-${index}`,
    email: `${tag}-${index}-${runId}@bench.example.nl`,
    firstName: 'Sanne',
    lastName: 'de Vries',
    locale: 'nl',
    ...extra,
  };
}

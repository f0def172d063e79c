import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface HrResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The headers an HR system sends, signed with the reference Standard Webhooks library. */
export function signedHeaders(
  secret: string,
  payload: string,
  options: { webhookId?: string; at?: Date } = {},
): Record<string, string> {
  const id = options.webhookId ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, payload),
  };
}

/** An HR system calling the API over HTTP: every request signed, as a fresh delivery. */
export class HrClient {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  async send<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: { webhookId?: string } = {},
  ): Promise<HrResponse<T>> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body: payload || undefined,
      headers: {
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...signedHeaders(this.secret, payload, options),
      },
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }
}

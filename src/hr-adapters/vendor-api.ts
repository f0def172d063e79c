/** Each call to a vendor's API gives up after this long; the queue tries again later. */
const TIMEOUT_MS = 15_000;

export class VendorApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`${new URL(url).pathname} answered ${status}`);
    this.name = 'VendorApiError';
  }
}

/**
 * One JSON call to a vendor's API. Any answer but 2xx throws, so the queue retries it with
 * backoff. Redirects are refused: a credential must not follow one to another host.
 */
export async function vendorJson(
  url: string,
  init: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<unknown> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', ...init.headers },
    body: init.body,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new VendorApiError(url, response.status);
  }
  return response.json();
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

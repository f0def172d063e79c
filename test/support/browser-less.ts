/** A tiny cookie-keeping HTTP client for the web pages, where a browser would be overkill. */
export class WebClient {
  private cookies = new Map<string, string>();

  /** `address`: sent as X-Forwarded-For, which counts when the API trusts one proxy hop. */
  constructor(
    private readonly base: string,
    readonly address?: string,
  ) {}

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<WebPage> {
    return this.send('GET', path, undefined, headers);
  }

  /** A form post; pairs allow repeated names and `a[b]` keys, as a crafted form would send. */
  async post(path: string, form: Record<string, string> | [string, string][]): Promise<WebPage> {
    return this.send('POST', path, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
  }

  /** A JSON post, as app.js sends one (the passkey ceremonies). */
  async postJson(path: string, body: unknown): Promise<WebPage & { json: unknown }> {
    const page = await this.send('POST', path, JSON.stringify(body), {
      'content-type': 'application/json',
    });
    return { ...page, json: JSON.parse(page.body) as unknown };
  }

  /** The CSRF token of the form on the page. */
  static csrf(page: WebPage): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${page.url}`);
    return token;
  }

  /** Any request; a Buffer body goes out without a content type unless one is given. */
  async send(
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<WebPage> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
      redirect: 'manual',
      headers: {
        ...(this.address ? { 'x-forwarded-for': this.address } : {}),
        cookie: this.cookieHeader(),
        ...headers,
      },
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return {
      url: path,
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      setCookies,
      body: await response.text(),
    };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface WebPage {
  url: string;
  status: number;
  location: string | null;
  headers: Headers;
  setCookies: string[];
  body: string;
}

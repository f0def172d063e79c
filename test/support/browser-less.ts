/** A tiny cookie-keeping HTTP client for the web pages, where a browser would be overkill. */
export class WebClient {
  private cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<WebPage> {
    return this.send(path, { method: 'GET', headers });
  }

  async post(path: string, form: Record<string, string>): Promise<WebPage> {
    return this.send(path, {
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** The CSRF token of the form on the page. */
  static csrf(page: WebPage): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${page.url}`);
    return token;
  }

  private async send(path: string, init: RequestInit): Promise<WebPage> {
    const response = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
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

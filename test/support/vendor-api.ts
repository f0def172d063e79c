import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

type Answer = (match: RegExpExecArray) => unknown;

/**
 * An HR system's API on loopback (Personio's, Bob's, BambooHR's): answers JSON per route,
 * records each request, and fails the next requests to a path on demand.
 */
export class VendorApi {
  readonly requests: { method: string; path: string; authorization?: string; status: number }[] =
    [];
  private readonly routes: { method: string; path: RegExp; answer: Answer }[] = [];
  private readonly failures = new Map<string, number>();
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '';
        const status = this.answer(req.method ?? '', path);
        this.requests.push({
          method: req.method ?? '',
          path,
          authorization: req.headers.authorization,
          status: status.code,
        });
        res.writeHead(status.code, { 'content-type': 'application/json' }).end(status.body);
      });
    });
  }

  static async start(): Promise<VendorApi> {
    const api = new VendorApi();
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  on(method: string, path: RegExp, answer: Answer): this {
    this.routes.push({ method, path, answer });
    return this;
  }

  /** The next `times` requests whose path contains `path` get 500. */
  fail(path: string, times: number): void {
    this.failures.set(path, times);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(method: string, path: string): { code: number; body: string } {
    for (const [failing, times] of this.failures) {
      if (times > 0 && path.includes(failing)) {
        this.failures.set(failing, times - 1);
        return { code: 500, body: '{}' };
      }
    }
    for (const route of this.routes) {
      const match = route.method === method ? route.path.exec(path) : null;
      const body = match ? route.answer(match) : undefined;
      if (body !== undefined) return { code: 200, body: JSON.stringify(body) };
    }
    return { code: 404, body: '{}' };
  }
}

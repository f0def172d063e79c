import { createServer, type Server, Socket } from 'node:net';
import { freePort } from './ports';

/**
 * How a server in front of which this proxy sits can fail, as seen from the service:
 * - `killed`: every open connection is reset, and new ones are reset as soon as they open;
 * - `refusing`: nothing listens on the port any more (ECONNREFUSED);
 * - `hanging`: connections open and stay open, but no byte ever comes back.
 */
export type Outage = 'killed' | 'refusing' | 'hanging';

/**
 * A TCP proxy on loopback in front of a real server, which a test can make fail in each of
 * the ways a real outage looks, and heal again. The server behind it stays untouched.
 */
export class TcpProxy {
  private server?: Server;
  /** Each client connection, with its connection to the server while it is passed through. */
  private readonly pairs = new Map<Socket, Socket | undefined>();
  private outage?: Outage;
  private delayMs = 0;
  /** Chunks on their way through a delay right now: a request is in flight. */
  held = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.listen();
    return proxy;
  }

  /** `host:port` of the proxy, to put in a server URL. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async fail(outage: Outage): Promise<void> {
    this.outage = outage;
    if (outage === 'hanging') {
      // Open connections stay open, but what they send goes nowhere and nothing answers.
      for (const [client, upstream] of this.pairs) this.strand(client, upstream);
      return;
    }
    this.resetAll();
    if (outage === 'refusing') await this.closeListener();
  }

  /** Every chunk, either way, arrives this much later (0: at once): a slow server. */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  async heal(): Promise<void> {
    const wasRefusing = this.outage === 'refusing';
    this.outage = undefined;
    // Connections held open while hanging never get an answer; they are reset, as a server
    // that comes back would.
    this.resetAll();
    if (wasRefusing) await this.listen();
  }

  async close(): Promise<void> {
    this.resetAll();
    await this.closeListener();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.outage === 'killed') return void client.resetAndDestroy();
    if (this.outage === 'hanging') return this.strand(client, undefined);
    const upstream = new Socket();
    this.pairs.set(client, upstream);
    upstream.on('error', () => client.destroy());
    const done = () => {
      this.pairs.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done);
    upstream.on('close', done);
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (this.delayMs === 0) return void to.write(chunk);
      this.held++;
      setTimeout(() => {
        this.held--;
        if (!to.destroyed) to.write(chunk);
      }, this.delayMs);
    };
    upstream.connect(this.target.port, this.target.host, () => {
      client.on('data', forward(upstream));
      upstream.on('data', forward(client));
    });
  }

  /** Cuts the client off from the server without closing it. */
  private strand(client: Socket, upstream: Socket | undefined): void {
    for (const socket of [client, upstream]) {
      socket?.removeAllListeners('data');
      socket?.removeAllListeners('close');
    }
    upstream?.destroy();
    this.pairs.set(client, undefined);
    client.on('close', () => this.pairs.delete(client));
  }

  private resetAll(): void {
    for (const [client, upstream] of this.pairs) {
      upstream?.destroy();
      client.resetAndDestroy();
    }
    this.pairs.clear();
  }
}

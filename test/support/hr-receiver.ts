import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  webhookId: string;
  type: string;
  onboardingId: string;
  verified: boolean;
}

/**
 * An HR system's callback endpoint on loopback. It checks each signature with the reference
 * Standard Webhooks library, not with the service's own code.
 */
export class HrReceiver {
  readonly received: Received[] = [];
  /** Answer the next n requests with 500. */
  failNext = 0;
  /** Hold each answer this long (to kill a worker mid-delivery). */
  delayMs = 0;
  /** Answer every request with a redirect to this URL (which a sender must not follow). */
  redirectTo?: string;
  /** Requests that arrived, answered or not. */
  requests = 0;
  private readonly server: Server;

  private constructor(private readonly secret: string) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const body = Buffer.concat(chunks).toString();
        const record = this.record(req.headers, body);
        setTimeout(() => {
          if (this.redirectTo) {
            res.writeHead(307, { location: this.redirectTo }).end();
            return;
          }
          if (this.failNext > 0) {
            this.failNext--;
            res.writeHead(500).end();
            return;
          }
          this.received.push(record);
          res.writeHead(record.verified ? 204 : 401).end();
        }, this.delayMs);
      });
    });
  }

  static async start(secret: string): Promise<HrReceiver> {
    const receiver = new HrReceiver(secret);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hr/events`;
  }

  /** Deliveries for one onboarding, in arrival order. */
  for(onboardingId: string): Received[] {
    return this.received.filter((r) => r.onboardingId === onboardingId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(headers: IncomingHttpHeaders, body: string): Received {
    let verified = true;
    let payload: { type?: string; data?: { onboardingId?: string } } = {};
    try {
      payload = new Webhook(this.secret).verify(
        body,
        headers as Record<string, string>,
      ) as typeof payload;
    } catch {
      verified = false;
      payload = JSON.parse(body) as typeof payload;
    }
    return {
      webhookId: String(headers['webhook-id']),
      type: payload.type ?? '',
      onboardingId: payload.data?.onboardingId ?? '',
      verified,
    };
  }
}

import { type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  /** Date.now() when the sink accepted the message. */
  at: number;
  to: string;
  /** The X-Onboarding-Mail header: the mail job id (`invite.<id>.1`, `reminder.<id>.<key>`). */
  key: string;
  /** Kept only for addresses the sink was told to keep (parsing every mail would cost CPU). */
  raw?: Buffer;
}

export interface Arrivals {
  /** In the order of the keys asked for, without the missing ones. */
  mails: SunkMail[];
  missing: string[];
}

/**
 * A real SMTP server on loopback that records when each mail arrived. Unlike the test sink it
 * does not parse mails: at ten thousand invites the parsing would compete with the service.
 */
export class BenchSink {
  readonly byKey = new Map<string, SunkMail>();
  private readonly server: SMTPServer;

  private constructor(keepRaw: (to: string) => boolean) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo[0]?.address ?? '';
          const key = headerValue(raw, 'x-onboarding-mail') ?? `unkeyed.${this.byKey.size}`;
          this.byKey.set(key, { at: Date.now(), to, key, ...(keepRaw(to) ? { raw } : {}) });
          callback();
        });
      },
    });
  }

  static async start(keepRaw: (to: string) => boolean): Promise<BenchSink> {
    const sink = new BenchSink(keepRaw);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /**
   * Waits until every key has arrived, or until none arrived for `stallMs` (a mail that is
   * lost stays lost), or `timeoutMs`; returns what came and what did not.
   */
  async waitForKeys(
    keys: readonly string[],
    options: { timeoutMs: number; stallMs?: number; progress?: (arrived: number) => void },
  ): Promise<Arrivals> {
    const { timeoutMs, stallMs = 20_000, progress } = options;
    const start = Date.now();
    let arrived = -1;
    let lastGain = start;
    for (;;) {
      const now = Date.now();
      const count = keys.filter((key) => this.byKey.has(key)).length;
      if (count !== arrived) lastGain = now;
      arrived = count;
      progress?.(arrived);
      if (arrived === keys.length || now - lastGain > stallMs || now - start > timeoutMs) break;
      await delay(50);
    }
    const missing = keys.filter((key) => !this.byKey.has(key));
    const mails = keys.flatMap((key) => this.byKey.get(key) ?? []);
    return { mails, missing };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** One header of a raw message (folded lines joined), without parsing the rest. */
function headerValue(raw: Buffer, name: string): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim();
}

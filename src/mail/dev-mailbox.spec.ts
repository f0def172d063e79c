import type { Request } from 'express';
import { mailboxAllowed } from './dev-mailbox.controller';

const caller = (remoteAddress: string, headers: Request['headers'] = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as Request;
const dev = { env: 'development' as const, mail: { smtpUrl: undefined } };

describe('who may see the development mailbox', () => {
  it('a loopback caller in development without SMTP', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(mailboxAllowed(dev, caller(address))).toBe(true);
    }
  });

  it('nobody on another address, behind a proxy, with real mail, or outside development', () => {
    expect(mailboxAllowed(dev, caller('10.0.0.5'))).toBe(false);
    expect(mailboxAllowed(dev, caller('192.168.1.20'))).toBe(false);
    expect(mailboxAllowed(dev, caller('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe(
      false,
    );
    expect(mailboxAllowed({ ...dev, mail: { smtpUrl: 'smtp://mail:25' } }, caller('::1'))).toBe(
      false,
    );
    for (const env of ['test', 'production'] as const) {
      expect(mailboxAllowed({ ...dev, env }, caller('127.0.0.1'))).toBe(false);
    }
  });
});

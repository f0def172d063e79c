import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '../config/config.schema';
import { generateSecrets } from '../config/secrets';
import { scimTokenMatches } from './scim.config';

const secrets = generateSecrets();

describe('SCIM tokens in the configuration', () => {
  it("gives the default client SCIM_TOKEN's digest, and a file's client its scimToken's", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scim-')), 'clients.json');
    const acmeToken = 'acme-'.padEnd(40, 'x');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'acme', secrets: [secrets.HR_WEBHOOK_SECRET], scimToken: acmeToken },
        { id: 'plain', secrets: [secrets.HR_WEBHOOK_SECRET] },
      ]),
    );
    const config = parseConfig({ ...secrets, HR_CLIENTS_FILE: file });
    const [main, acme, plain] = config.hrClients;
    expect(scimTokenMatches(secrets.SCIM_TOKEN, main?.scimTokenHash ?? Buffer.alloc(32))).toBe(
      true,
    );
    expect(scimTokenMatches(acmeToken, acme?.scimTokenHash ?? Buffer.alloc(32))).toBe(true);
    expect(scimTokenMatches(secrets.SCIM_TOKEN, acme?.scimTokenHash ?? Buffer.alloc(32))).toBe(
      false,
    );
    expect(plain?.scimTokenHash).toBeUndefined();
  });

  it('refuses a short token, and SCIM stays off for the default client without one', () => {
    expect(() => parseConfig({ ...secrets, SCIM_TOKEN: 'short' })).toThrow(ConfigError);
    const { SCIM_TOKEN: _unset, ...withoutToken } = secrets;
    expect(parseConfig(withoutToken).hrClients[0]?.scimTokenHash).toBeUndefined();
  });
});

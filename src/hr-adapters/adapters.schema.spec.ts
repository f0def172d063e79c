import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hrClientsFileSchema } from '../config/env.schema';

describe('adapter settings in HR_CLIENTS_FILE', () => {
  it('accepts the example file, with each vendor API at its production address', () => {
    const path = join(__dirname, '../../config/hr-clients.example.json');
    const [client] = hrClientsFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(client?.adapters?.personio?.apiUrl).toBe('https://api.personio.de');
    expect(client?.adapters?.hibob?.apiUrl).toBe('https://api.hibob.com/v1');
    expect(client?.adapters?.bamboohr?.apiUrl).toBe('https://api.bamboohr.com/api/gateway.php');
  });

  it('refuses a short secret, an unknown vendor and a population that is no policy name', () => {
    const parse = (adapters: unknown) =>
      hrClientsFileSchema.safeParse([{ id: 'acme', secrets: ['whsec_x'], adapters }]);
    const hibob = { secrets: ['short'], serviceUserId: 'u', serviceUserToken: 't' };
    expect(parse({ hibob }).success).toBe(false);
    expect(parse({ workday: {} }).success).toBe(false);
    const bamboohr = {
      privateKeys: ['a-long-enough-private-key'],
      companyDomain: 'acme',
      apiKey: 'k',
    };
    expect(parse({ bamboohr }).success).toBe(true);
    expect(
      parse({ bamboohr: { ...bamboohr, populations: { Intern: 'Not A Policy' } } }).success,
    ).toBe(false);
  });

  it('reaches a vendor API over https, plain http only on loopback (a local stand-in)', () => {
    const bamboohr = (apiUrl: string) =>
      hrClientsFileSchema.safeParse([
        {
          id: 'acme',
          secrets: ['whsec_x'],
          adapters: {
            bamboohr: {
              privateKeys: ['a-long-enough-key'],
              companyDomain: 'a',
              apiKey: 'k',
              apiUrl,
            },
          },
        },
      ]).success;
    expect(bamboohr('http://bamboo.example.com')).toBe(false);
    expect(bamboohr('http://127.0.0.1:8080/')).toBe(true);
    expect(bamboohr('https://sandbox.example.com/api/gateway.php')).toBe(true);
  });
});

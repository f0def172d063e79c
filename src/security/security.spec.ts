import { randomBytes } from 'node:crypto';
import { Keyring, parseKeyring } from './keyring';
import {
  formatLoginCode,
  generateLoginCode,
  LOGIN_CODE_ALPHABET,
  normalizeLoginCode,
} from './login-code';
import { hashPassword, verifyPassword } from './password-hash';
import { SecretBox } from './secret-box';

const keyString = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('login codes', () => {
  it('are 12 characters without look-alikes, shown in three groups of four', () => {
    const code = generateLoginCode();
    expect(code).toMatch(new RegExp(`^[${LOGIN_CODE_ALPHABET}]{12}$`));
    expect(code).not.toMatch(/[01OIL]/);
    expect(formatLoginCode('X9P4XD7S9RTE')).toBe('X9P4 XD7S 9RTE');
  });

  it('are accepted with spaces or dashes and in any case', () => {
    expect(normalizeLoginCode(' x9p4-xd7s 9rte ')).toBe('X9P4XD7S9RTE');
    expect(normalizeLoginCode('X9P4 XD7S 9RT')).toBeNull();
    expect(normalizeLoginCode('O9P4 XD7S 9RTE')).toBeNull();
  });
});

describe('keyrings and the secret box', () => {
  it('parse rotation lists and explain bad ones', () => {
    const ring = parseKeyring(`${keyString('k2')},${keyString('k1')}`);
    expect(ring).toBeInstanceOf(Keyring);
    expect((ring as Keyring).current.id).toBe('k2');
    expect(parseKeyring('k1:c2hvcnQ=')).toMatch(/32 bytes/);
    expect(parseKeyring('nonsense')).toMatch(/id:base64key/);
  });

  it('decrypt with the key a value was sealed with, after rotation', () => {
    const old = keyString('old');
    const sealed = new SecretBox(parseKeyring(old) as Keyring).seal('JBSWY3DPEHPK3PXP', 'acc-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    const rotated = new SecretBox(parseKeyring(`${keyString('new')},${old}`) as Keyring);
    expect(rotated.open(sealed, 'acc-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => rotated.open(sealed, 'acc-2')).toThrow();
  });
});

describe('password hashing', () => {
  it('uses argon2id with at least the OWASP parameters and verifies', async () => {
    const hash = await hashPassword('Correct-Horse-42');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(hash, 'Correct-Horse-42')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct-horse-42')).resolves.toBe(false);
  });
});

import { looksLikeEmail } from './credential-rules';

describe('the e-mail check of the credentials form', () => {
  it('takes ordinary addresses and refuses what is not one', () => {
    for (const ok of ['anouk@example.nl', 'a.b+c@sub.example.co.uk', 'x@y.z']) {
      expect(looksLikeEmail(ok)).toBe(true);
    }
    for (const bad of ['', 'anouk', '@example.nl', 'a@b', 'a@b.', 'a@.b', 'a@@b.nl', 'a b@c.nl']) {
      expect({ bad, ok: looksLikeEmail(bad) }).toEqual({ bad, ok: false });
    }
    expect(looksLikeEmail(`${'a'.repeat(250)}@b.nl`)).toBe(false);
    expect(looksLikeEmail('a\u200b@example.nl')).toBe(false);
  });
});

import { translator } from '../i18n/i18n';
import { looksLikeEmail, RULE_TEXT, ruleText } from './credential-rules';

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

describe('the texts of the credential rules', () => {
  it('carry the numbers of the password rules', () => {
    expect(ruleText(translator('nl'), 'min_length')).toBe('tenminste 12 tekens hebben');
    expect(ruleText(translator('en'), 'max_length')).toBe('have at most 128 characters');
    expect(RULE_TEXT.min_length).toBe('at least 12 characters');
  });
});

import { failedRules, passwordRulesMet, type PasswordContext } from './password-policy';

const context: PasswordContext = {
  personal: ['Anouk', 'Jansen', 'anouk.jansen', 'anouk@example.nl', 'Amplooi | Versterkt talent'],
  requireClasses: true,
  minScore: 3,
};

describe('the password rules', () => {
  it('accept a long, unpredictable password', () => {
    expect(failedRules('Zonnebloem-Veld-2026', context)).toEqual([]);
  });

  it('want a capital, a small letter and a digit (configurable)', () => {
    expect(failedRules('zonnebloem-veld-twee', context)).toContain('classes');
    expect(
      passwordRulesMet('zonnebloem-veld-twee', { ...context, requireClasses: false }).classes,
    ).toBe(true);
  });

  it('want 12 to 128 characters', () => {
    expect(failedRules('Kort1a', context)).toContain('min_length');
    expect(failedRules(`Aa1${'x'.repeat(130)}`, context)).toContain('max_length');
  });

  it('refuse common passwords', () => {
    expect(failedRules('Password1234', context)).toContain('not_common');
    expect(failedRules('Qwertyuiop12', context)).toContain('not_common');
    // l33t spellings of common words too.
    expect(failedRules('P@ssw0rd1234', context)).toContain('not_common');
    expect(failedRules('P@$$w0rd1234', context)).toContain('not_common');
    expect(failedRules('W3lk0m123456', context)).toContain('not_common');
  });

  it('refuse passwords built from the name, e-mail or brand, also with substitutions', () => {
    expect(failedRules('AnoukJansen2026!', context)).toContain('not_personal');
    expect(failedRules('4mpl00i-Talent-99', context)).toContain('not_personal');
  });
});

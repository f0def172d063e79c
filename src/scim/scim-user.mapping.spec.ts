import { toScimQuery } from './scim-filter';
import {
  ENTERPRISE_USER,
  employeeIdOf,
  localeOf,
  ONBOARDING_USER,
  parseScimUser,
  ScimUserInvalid,
  toIntakeBody,
} from './scim-user.mapping';

const user = (extra: Record<string, unknown> = {}) =>
  parseScimUser({
    userName: 'anouk@example.nl',
    externalId: 'okta-1',
    name: { givenName: 'Anouk', familyName: 'Jansen' },
    emails: [{ value: 'private@example.org' }, { value: 'anouk@example.nl', primary: true }],
    ...extra,
  });

describe('SCIM User to intake', () => {
  it('takes the primary e-mail, the names and the onboarding extension start date', () => {
    const body = toIntakeBody(user({ [ONBOARDING_USER]: { startDate: '2027-01-04' } }), undefined);
    expect(body).toMatchObject({
      employeeId: 'okta-1',
      email: 'anouk@example.nl',
      firstName: 'Anouk',
      lastName: 'Jansen',
      startDate: '2027-01-04',
    });
  });

  it('prefers the enterprise employeeNumber to the externalId', () => {
    expect(employeeIdOf(user({ [ENTERPRISE_USER]: { employeeNumber: 'E-7' } }))).toBe('E-7');
    expect(employeeIdOf(user())).toBe('okta-1');
  });

  it.each([
    [{ preferredLanguage: 'en-GB' }, 'en'],
    [{ locale: 'nl_BE' }, 'nl'],
    [{ preferredLanguage: 'en', locale: 'nl-NL' }, 'en'],
    [{ preferredLanguage: 'de-DE' }, 'nl'],
    [{}, 'nl'],
  ])('maps the language of %j to %s', (extra, locale) => {
    expect(localeOf(user(extra))).toBe(locale);
  });

  it('lower-cases userType into a population and keeps the time zone', () => {
    const body = toIntakeBody(
      user({ userType: 'Contractor', timezone: 'Europe/Amsterdam' }),
      undefined,
    );
    expect(body).toMatchObject({ population: 'contractor', timeZone: 'Europe/Amsterdam' });
  });

  it('names the SCIM attribute of each problem', () => {
    const bad = user({ name: {}, emails: [], timezone: 'Mars/Olympus' });
    expect(() => toIntakeBody(bad, undefined)).toThrow(ScimUserInvalid);
    try {
      toIntakeBody(bad, undefined);
    } catch (error) {
      const problems = (error as ScimUserInvalid).problems.join('\n');
      for (const attribute of ['emails.value', 'name.givenName', 'name.familyName', 'timezone']) {
        expect(problems).toContain(attribute);
      }
    }
  });
});

describe('SCIM filters', () => {
  it.each([
    ['userName eq "Anouk@Example.nl"', { userNameKey: 'anouk@example.nl' }],
    ['externalId eq "Okta-1"', { externalId: 'Okta-1' }],
    ['emails.value eq "Anouk@Example.nl"', { emailKey: 'anouk@example.nl' }],
    ['emails[value eq "a@example.nl"]', { emailKey: 'a@example.nl' }],
    ['', {}],
  ])('%s', (filter, query) => {
    expect(toScimQuery(filter)).toEqual(query);
  });

  it.each([
    'userName eq',
    'userName sw "a"',
    'displayName eq "Anouk"',
    'userName eq "a" or externalId eq "b"',
    'userName eq "a" and externalId eq "b"',
    'emails.type eq "work"',
  ])('refuses %s as invalidFilter', (filter) => {
    let thrown: unknown;
    try {
      toScimQuery(filter);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });
});

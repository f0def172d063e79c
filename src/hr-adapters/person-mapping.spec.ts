import { localeOf, toIntake, type PersonFields } from './person-mapping';

const person: PersonFields = {
  employeeId: 'e-1',
  email: 'anouk@example.com',
  firstName: 'Anouk',
  lastName: 'Jansen',
  startDate: '2027-03-01',
};

describe('toIntake', () => {
  it('maps a complete person, with the default locale', () => {
    expect(toIntake(person)).toEqual({
      ok: true,
      body: { ...person, locale: 'nl' },
    });
  });

  it.each([
    [{ email: undefined }, 'no e-mail address'],
    [{ email: '  ' }, 'no e-mail address'],
    [{ startDate: undefined }, 'no start date'],
    [{ startDate: '0000-00-00' }, 'no start date'],
    [{ startDate: '01/03/2027' }, 'no start date'],
  ])('refuses %j: %s', (change, reason) => {
    expect(toIntake({ ...person, ...change })).toEqual({ ok: false, reason });
  });

  it('refuses an invalid address with the field named', () => {
    const mapped = toIntake({ ...person, email: 'not-an-address' });
    expect(mapped.ok).toBe(false);
    expect(!mapped.ok && mapped.reason).toMatch(/^invalid person \(email: /);
  });

  it('takes the date of a date-time, a known time zone, a whole manager and a mapped population', () => {
    const mapped = toIntake(
      {
        ...person,
        startDate: '2027-03-01T00:00:00Z',
        language: 'en-GB',
        timeZone: 'Europe/Amsterdam',
        employmentType: 'Contractor',
        manager: { name: 'Pieter', email: 'pieter@example.com' },
      },
      { Contractor: 'contractor' },
    );
    expect(mapped.ok && mapped.body).toMatchObject({
      startDate: '2027-03-01',
      locale: 'en',
      timeZone: 'Europe/Amsterdam',
      population: 'contractor',
      manager: { name: 'Pieter', email: 'pieter@example.com' },
    });
  });

  it('leaves out what it cannot use: an unknown zone, half a manager, an unmapped type', () => {
    const mapped = toIntake(
      {
        ...person,
        timeZone: 'Mars/Olympus',
        manager: { name: 'Pieter' },
        employmentType: 'Intern',
      },
      { Contractor: 'contractor' },
    );
    expect(mapped.ok && mapped.body).toEqual({ ...person, locale: 'nl' });
  });
});

describe('localeOf', () => {
  it.each([
    ['nl', 'nl'],
    ['nl-BE', 'nl'],
    ['Nederlands', 'nl'],
    ['Dutch', 'nl'],
    ['en_US', 'en'],
    ['English', 'en'],
    ['de', undefined],
    [undefined, undefined],
  ])('%s → %s', (language, locale) => {
    expect(localeOf(language)).toBe(locale);
  });
});

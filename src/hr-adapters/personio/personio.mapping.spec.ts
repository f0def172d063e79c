import { fixture } from '../../../test/support/hr-fixtures';
import { personioChanges, personioPerson } from './personio.mapping';

const record = () => ({
  person: fixture('personio', 'person'),
  employments: fixture('personio', 'employments'),
});

describe('Personio mapping', () => {
  it('reads the person of person and employment events', () => {
    expect(personioChanges(fixture('personio', 'person-created'))).toEqual([
      { employeeId: '4711', change: 'created' },
    ]);
    const employment = {
      ...fixture('personio', 'person-created'),
      event_name: 'employment.updated',
    };
    expect(
      personioChanges({ ...employment, payload: { id: '9001', person: { id: 4711 } } }),
    ).toEqual([{ employeeId: '4711', change: 'updated' }]);
  });

  it('ignores deletions and events without a person', () => {
    const created = fixture('personio', 'person-created');
    expect(personioChanges({ ...created, event_name: 'person.deleted' })).toEqual([]);
    expect(
      personioChanges({ ...created, event_name: 'employment.created', payload: { id: '1' } }),
    ).toEqual([]);
  });

  it('maps a person with their employment: language, start date, type', () => {
    expect(personioPerson(record(), { INTERNAL: 'employee' })).toEqual({
      ok: true,
      body: {
        employeeId: '4711',
        email: 'sanne.bakker@example.com',
        firstName: 'Sanne',
        lastName: 'Bakker',
        startDate: '2027-04-01',
        locale: 'nl',
        population: 'employee',
      },
    });
  });

  it('refuses a person whose employments give no start date', () => {
    expect(personioPerson({ ...record(), employments: { _data: [] } })).toEqual({
      ok: false,
      reason: 'no start date',
    });
  });
});

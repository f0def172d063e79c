import { fixture } from '../../../test/support/hr-fixtures';
import { bamboohrChanges, bamboohrPerson } from './bamboohr.mapping';

describe('BambooHR mapping', () => {
  it('reads the people of the documented deliveries', () => {
    expect(bamboohrChanges(fixture('bamboohr', 'field-based-updated'))).toEqual([
      { employeeId: '12345', change: 'updated' },
    ]);
    expect(bamboohrChanges(fixture('bamboohr', 'field-based-created'))).toEqual([
      { employeeId: '12345', change: 'created' },
    ]);
    expect(bamboohrChanges(fixture('bamboohr', 'event-based-updated'))).toEqual([
      { employeeId: '67890', change: 'updated' },
    ]);
  });

  it('ignores deletions and what is not a BambooHR delivery', () => {
    expect(bamboohrChanges({ employees: [{ id: '1', action: 'Deleted' }] })).toEqual([]);
    expect(bamboohrChanges({ type: 'employee.deleted', data: { employeeId: '1' } })).toEqual([]);
    expect(bamboohrChanges({ text: 'Ping test' })).toEqual([]);
  });

  it('maps an employee record: work e-mail, hire date, supervisor, employment status', () => {
    const mapped = bamboohrPerson(fixture('bamboohr', 'employee'), { Contractor: 'contractor' });
    expect(mapped).toEqual({
      ok: true,
      body: {
        employeeId: '12345',
        email: 'bryony.devries@example.com',
        firstName: 'Bryony',
        lastName: 'de Vries',
        startDate: '2027-02-01',
        locale: 'nl',
        manager: { name: 'Jansen, Pieter', email: 'pieter.jansen@example.com' },
        population: 'contractor',
      },
    });
  });

  it('falls back to the home e-mail, and refuses a person without a hire date', () => {
    const employee = fixture('bamboohr', 'employee');
    const home = bamboohrPerson({ ...employee, workEmail: null });
    expect(home.ok && home.body.email).toBe('bryony@example.org');
    expect(bamboohrPerson({ ...employee, hireDate: '0000-00-00' })).toEqual({
      ok: false,
      reason: 'no start date',
    });
  });
});

import { fixture } from '../../../test/support/hr-fixtures';
import { hibobChanges, hibobPerson } from './hibob.mapping';

describe('HiBob mapping', () => {
  it('reads the employee of v2 and v1 events', () => {
    expect(hibobChanges(fixture('hibob', 'employee-created'))).toEqual([
      { employeeId: '3332883854254932743', change: 'created' },
    ]);
    expect(hibobChanges(fixture('hibob', 'employee-updated'))).toEqual([
      { employeeId: '3332883854254932743', change: 'updated' },
    ]);
    expect(hibobChanges({ type: 'employee.joined', employee: { id: 42 } })).toEqual([
      { employeeId: '42', change: 'updated' },
    ]);
  });

  it('ignores other events and the connection test', () => {
    expect(
      hibobChanges({ ...fixture('hibob', 'employee-created'), type: 'employee.deleted' }),
    ).toEqual([]);
    expect(hibobChanges({ text: 'Ping test' })).toEqual([]);
  });

  it('maps a People API record: e-mail, names, start date, reportsTo, employment type', () => {
    expect(hibobPerson(fixture('hibob', 'person'), { Permanent: 'employee' })).toEqual({
      ok: true,
      body: {
        employeeId: '3332883854254932743',
        email: 'anouk.jansen@example.com',
        firstName: 'Anouk',
        lastName: 'Jansen',
        startDate: '2027-03-01',
        locale: 'nl',
        manager: { name: 'Pieter de Boer', email: 'pieter.deboer@example.com' },
        population: 'employee',
      },
    });
  });

  it('refuses a person without an e-mail address, and what is not a record', () => {
    expect(hibobPerson({ ...fixture('hibob', 'person'), email: null })).toEqual({
      ok: false,
      reason: 'no e-mail address',
    });
    expect(hibobPerson('nonsense')).toEqual({ ok: false, reason: 'not a Bob employee record' });
  });
});

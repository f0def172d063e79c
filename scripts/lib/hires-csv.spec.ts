import { chunksOf, CsvProblem, failuresCsv, failuresOf, parseHires } from './hires-csv';

describe('hires from CSV', () => {
  it('makes each row an intake body; the manager from two columns, metadata from the rest', () => {
    const csv =
      '\uFEFFemployeeId,email,firstName,lastName,locale,startDate,managerName,managerEmail,metadata.department\r\n' +
      'E-1,anouk@example.nl,Anouk,Jansen,nl,2027-01-04,Piet de Vries,piet@example.nl,Sales\r\n' +
      '\r\n' +
      'E-2, sam@example.com ,"Sam, Jr.",Smith,,,,,\r\n';
    expect(parseHires(csv)).toEqual([
      {
        row: 2,
        body: {
          employeeId: 'E-1',
          email: 'anouk@example.nl',
          firstName: 'Anouk',
          lastName: 'Jansen',
          locale: 'nl',
          startDate: '2027-01-04',
          manager: { name: 'Piet de Vries', email: 'piet@example.nl' },
          metadata: { department: 'Sales' },
        },
      },
      // Empty cells are left out: the intake's defaults apply.
      {
        row: 3,
        body: {
          employeeId: 'E-2',
          email: 'sam@example.com',
          firstName: 'Sam, Jr.',
          lastName: 'Smith',
        },
      },
    ]);
  });

  it("reads a Dutch spreadsheet's semicolons", () => {
    const [hire] = parseHires('employeeId;email;firstName;lastName\nE-1;a@example.nl;An;Smit\n');
    expect(hire?.body).toEqual({
      employeeId: 'E-1',
      email: 'a@example.nl',
      firstName: 'An',
      lastName: 'Smit',
    });
  });

  it('refuses an unknown column, naming the known ones', () => {
    expect(() => parseHires('employeeId,emial\nE-1,a@example.nl\n')).toThrow(CsvProblem);
    expect(() => parseHires('employeeId,emial\nE-1,a@example.nl\n')).toThrow(
      /unknown column\(s\) emial: use employeeId, email, .* or metadata\.<key>/,
    );
  });

  it('refuses a row with more cells than the header', () => {
    expect(() => parseHires('employeeId,email\nE-1,a@example.nl,extra\n')).toThrow(CsvProblem);
  });
});

describe('the refused rows', () => {
  const hires = parseHires('employeeId,email,firstName,lastName\nE-1,x,A,B\nE-2,b@e.nl,A,B\n');

  it('are listed by row and column, one line per problem', () => {
    const failures = failuresOf(hires, [
      {
        index: 0,
        employeeId: 'E-1',
        status: 'invalid',
        errors: [
          { field: 'email', message: 'Invalid email address' },
          { field: 'manager.email', message: 'Invalid email address' },
          { field: '(hire)', message: 'Invalid input' },
        ],
      },
      { index: 1, employeeId: 'E-2', status: 'accepted', onboardingId: 'onb_1' },
    ]);
    expect(failures).toEqual([
      { row: 2, employeeId: 'E-1', field: 'email', message: 'Invalid email address' },
      { row: 2, employeeId: 'E-1', field: 'managerEmail', message: 'Invalid email address' },
      { row: 2, employeeId: 'E-1', field: '(row)', message: 'Invalid input' },
    ]);
  });

  it('are written as CSV, quoted where needed', () => {
    const csv = failuresCsv([
      { row: 7, employeeId: 'E-7', field: 'lastName', message: 'Too "big", 1' },
    ]);
    expect(csv).toBe('row,employeeId,field,message\r\n7,E-7,lastName,"Too ""big"", 1"\r\n');
  });
});

describe('requests of hires', () => {
  const hires = Array.from({ length: 7 }, (_, i) => ({
    row: i + 2,
    body: { employeeId: `E-${i}` },
  }));

  it('hold at most the given number, in order', () => {
    const chunks = chunksOf(hires, 3, 1_000_000);
    expect(chunks.map((c) => c.map((h) => h.row))).toEqual([[2, 3, 4], [5, 6, 7], [8]]);
  });

  it('stay under the byte limit', () => {
    const size = JSON.stringify(hires[0]?.body).length + 1;
    expect(chunksOf(hires, 500, size * 2).map((c) => c.length)).toEqual([2, 2, 2, 1]);
  });
});

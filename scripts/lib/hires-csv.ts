// New hires from a spreadsheet's CSV export, as bodies of the bulk intake, and the refused
// ones back as CSV. Pure: `npm run hire -- --csv` does the reading, sending and writing.
import { parse } from 'csv-parse/sync';
import type { BulkItem } from '../../src/bulk-intake/bulk-intake.dto';

/** Columns named as the intake's fields; the manager is two columns. */
const FIELDS = [
  'employeeId',
  'email',
  'firstName',
  'lastName',
  'locale',
  'startDate',
  'timeZone',
  'population',
] as const;
const MANAGER = { managerName: 'name', managerEmail: 'email' } as const;
/** Any other column of the hire's goes to metadata as `metadata.<key>`. */
const METADATA = 'metadata.';

export const COLUMNS = [...FIELDS, ...Object.keys(MANAGER)] as readonly string[];

export interface CsvHire {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  body: Record<string, unknown>;
}

export interface Failure {
  row: number;
  employeeId: string;
  /** The CSV column at fault, or `(row)` for the row as a whole. */
  field: string;
  message: string;
}

export class CsvProblem extends Error {}

/**
 * The hires in `text`: a header row, then one hire per row; comma or (a Dutch spreadsheet's
 * export) semicolon separated. Empty cells are left out, so the intake's defaults apply.
 */
export function parseHires(text: string): CsvHire[] {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, trim: true, skip_empty_lines: true });
  } catch (error) {
    throw new CsvProblem(`not readable as CSV: ${(error as Error).message}`);
  }
  const [columns = [], ...rows] = records;
  const unknown = columns.filter((c) => !COLUMNS.includes(c) && !c.startsWith(METADATA));
  if (unknown.length > 0) {
    throw new CsvProblem(
      `unknown column(s) ${unknown.join(', ')}: use ${COLUMNS.join(', ')} or ${METADATA}<key>`,
    );
  }
  return rows.map((cells, index) => ({ row: index + 2, body: toBody(columns, cells) }));
}

function toBody(columns: string[], cells: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const manager: Record<string, string> = {};
  const metadata: Record<string, string> = {};
  columns.forEach((column, i) => {
    const value = cells[i];
    if (!value) return;
    if (column in MANAGER) manager[MANAGER[column as keyof typeof MANAGER]] = value;
    else if (column.startsWith(METADATA)) metadata[column.slice(METADATA.length)] = value;
    else body[column] = value;
  });
  if (Object.keys(manager).length > 0) body.manager = manager;
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  return body;
}

/** The column an intake field is read from (`manager.email` is `managerEmail`). */
function columnOf(field: string): string {
  const [head, key] = field.split('.', 2);
  if (head === 'manager') {
    const column = Object.entries(MANAGER).find(([, name]) => name === key)?.[0];
    return column ?? 'managerName';
  }
  if (head === 'metadata' && key) return `${METADATA}${key}`;
  return field.startsWith('(') ? '(row)' : field;
}

/** Each refused hire's problems, one line per field, by the row they came from. */
export function failuresOf(hires: readonly CsvHire[], items: readonly BulkItem[]): Failure[] {
  return items.flatMap((item) => {
    if (item.status !== 'invalid') return [];
    const row = hires[item.index]?.row ?? Number.NaN;
    const employeeId = item.employeeId ?? '';
    const errors = item.errors?.length ? item.errors : [{ field: '(row)', message: 'refused' }];
    return errors.map((e) => ({ row, employeeId, field: columnOf(e.field), message: e.message }));
  });
}

/** The failures as CSV, for the spreadsheet they came from. */
export function failuresCsv(failures: readonly Failure[]): string {
  const lines = [['row', 'employeeId', 'field', 'message'], ...failures.map(cellsOf)];
  return lines.map((cells) => cells.map(quoted).join(',')).join('\r\n') + '\r\n';
}

function cellsOf(f: Failure): string[] {
  return [String(f.row), f.employeeId, f.field, f.message];
}

function quoted(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * The hires in requests of at most `maxHires`, each body under `maxBytes` (the bulk route's
 * limits), in their order.
 */
export function chunksOf(
  hires: readonly CsvHire[],
  maxHires: number,
  maxBytes: number,
): CsvHire[][] {
  const chunks: CsvHire[][] = [];
  let chunk: CsvHire[] = [];
  let bytes = 0;
  for (const hire of hires) {
    const size = Buffer.byteLength(JSON.stringify(hire.body)) + 1;
    if (chunk.length > 0 && (chunk.length === maxHires || bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(hire);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * CSV in and out.
 *
 * Out: RFC 4180 — fields separated by commas, records by CRLF, a field in
 * double quotes when it holds a comma, quote, CR or LF (or leading/trailing
 * space), quotes doubled. Cells a spreadsheet would run as a formula (those
 * starting with = + - @, tab or CR) get a leading `'`, so that opening an
 * export of attacker-controlled text (a user agent, a file name) in Excel
 * or LibreOffice does not execute it. `parseCsv` removes that quote again,
 * so an export imports back unchanged.
 *
 * In: papaparse, with the delimiter taken from the first line (comma,
 * tab — what a spreadsheet puts on the clipboard —, semicolon or bar).
 */
import Papa from 'papaparse';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export type ParsedCsv = { ok: true; rows: string[][]; delimiter: string } | { ok: false; message: string };

const NEUTRALIZED = /^'[=+\-@\t\r]/;

/**
 * The delimiter of the first line: a tab if it has one (a spreadsheet's
 * clipboard), else the most frequent of comma, semicolon and bar outside
 * quotes; a comma when there is none (a single column). papaparse's own
 * guess stumbles on blank lines, which we keep to number rows.
 */
function guessDelimiter(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  if (unquoted.includes('\t')) return '\t';
  const counts = [',', ';', '|'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ',';
}

export function parseCsv(input: string): ParsedCsv {
  const text = input.replace(/^\uFEFF/, '');
  const result = Papa.parse<string[]>(text, { delimiter: guessDelimiter(text), skipEmptyLines: false });
  const fatal = result.errors[0];
  if (fatal) {
    const where = typeof fatal.row === 'number' ? ` (row ${fatal.row + 1})` : '';
    return { ok: false, message: `The text cannot be read as CSV${where}: ${fatal.message}` };
  }
  const rows = result.data.map((row) => row.map((cell) => (NEUTRALIZED.test(cell) ? cell.slice(1) : cell)));
  // A trailing line break leaves one empty row behind.
  while (rows.length > 0 && (rows[rows.length - 1] ?? []).every((c) => c.trim() === '')) rows.pop();
  return { ok: true, rows, delimiter: result.meta.delimiter };
}

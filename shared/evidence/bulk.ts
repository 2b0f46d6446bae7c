/**
 * Bulk paste and CSV import of investigation records, validated row by row
 * before anything is written.
 *
 * The first row names the columns (matched by key, label or a usual alias,
 * see ./grid; unknown columns are listed and ignored). For indicators a
 * single column without a header also works: one value per line, the type
 * guessed from the value. Every row goes through `prepareRecord`, as a form
 * entry would; links name systems by id, host name or address and evidence
 * items by id or the first 8+ characters of it.
 *
 * Policy (the API's `record.import`): if any row is bad, nothing is
 * imported and every bad row is reported with its row number (the header is
 * row 1, as in the spreadsheet) and reason. The caller may then ask
 * explicitly to import only the good rows. Rows that repeat an indicator
 * already in the case, or an earlier row, are skipped and reported, not
 * treated as errors. Blank rows are ignored.
 */
import type { Issue } from '../api/errors';
import { parseCsv } from './csv';
import { columnForHeader, gridColumns, type GridColumn } from './grid';
import { parseIndicatorType } from './indicators';
import { normalizeIp } from './ip';
import { checkLinks, prepareRecord, type LinkTargets } from './record-input';
import { MAX_IMPORT_ROWS, accountKinds, accountStates, malwareCategories, systemStates, tlpLevels, type AnyRecordFields, type RecordKind } from './record-payloads';
import { refang } from './refang';

export type BulkContext = {
  systems: readonly { id: string; hostName: string; addresses: readonly string[] }[];
  itemIds: readonly string[];
  /** Indicators already in the case, as `type value`. */
  indicatorKeys: ReadonlySet<string>;
};

export type BulkRow =
  | { row: number; cells: Record<string, string>; ok: true; fields: AnyRecordFields; duplicate?: string }
  | { row: number; cells: Record<string, string>; ok: false; errors: string[] };

export type BulkPreview = {
  kind: RecordKind;
  /** Each header as pasted and the column it was read as (null: ignored). */
  columns: { header: string; key: string | null }[];
  headerless: boolean;
  rows: BulkRow[];
  good: number;
  bad: number;
  duplicates: number;
};

export type BulkParse = { ok: true; preview: BulkPreview } | { ok: false; message: string };

export const indicatorKey = (type: string, value: string) => `${type} ${value}`;

const ENUMS: Record<string, readonly string[]> = { tlp: tlpLevels, state: [...systemStates, ...accountStates], kind: accountKinds, category: malwareCategories };
const LIST_SPLIT = /\s*[;,\n]\s*|\s+(?=\S)/;

function enumValue(key: string, text: string): string | undefined {
  const cell = text.trim().toLowerCase().replace(/^tlp\s*:\s*/, '');
  if (cell === '') return undefined;
  if (key === 'tlp' && cell === 'white') return 'clear';
  return ENUMS[key]?.find((v) => v === cell || v.replace(/[^a-z]/g, '') === cell.replace(/[^a-z]/g, '')) ?? cell;
}

function resolveLinks(kind: 'systemIds' | 'itemIds', text: string, context: BulkContext, errors: string[]): string[] {
  const out: string[] = [];
  for (const ref of text.split(/\s*[;,\n]\s*/).filter((r) => r.trim() !== '')) {
    const wanted = ref.trim().toLowerCase();
    let matches: string[];
    if (kind === 'systemIds') {
      const ip = normalizeIp(refang(wanted));
      matches = context.systems
        .filter((s) => s.id === wanted || s.hostName.toLowerCase() === wanted || (ip.ok && s.addresses.includes(ip.value)))
        .map((s) => s.id);
    } else {
      matches = context.itemIds.filter((id) => id === wanted || (wanted.length >= 8 && id.startsWith(wanted)));
    }
    const what = kind === 'systemIds' ? 'system' : 'evidence item';
    if (matches.length === 1 && matches[0]) {
      if (!out.includes(matches[0])) out.push(matches[0]);
    } else errors.push(matches.length === 0 ? `No ${what} “${ref}” in this case` : `“${ref}” matches ${matches.length} ${what}s; use the id`);
  }
  return out;
}

function rowInput(kind: RecordKind, cells: Record<string, string>, columns: readonly GridColumn[], context: BulkContext, errors: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const column of columns) {
    const text = cells[column.key];
    if (text === undefined) continue;
    if (column.kind === 'link') input[column.key] = resolveLinks(column.key as 'systemIds' | 'itemIds', text, context, errors);
    else if (column.kind === 'list') input[column.key] = text.split(LIST_SPLIT).filter((a) => a !== '');
    else if (column.kind === 'enum' && !(kind === 'indicator' && column.key === 'type')) {
      const value = enumValue(column.key, text);
      if (value !== undefined) input[column.key] = value;
    } else input[column.key] = text;
  }
  if (kind === 'indicator') {
    const typeText = cells['type'] ?? '';
    const type = parseIndicatorType(typeText);
    if (type === null) errors.push(`Unknown indicator type “${typeText}”`);
    else input['type'] = type;
    delete input['original'];
  }
  if (kind === 'account' && typeof input['name'] === 'string' && !input['domain']) {
    const slash = input['name'].indexOf('\\');
    if (slash > 0) Object.assign(input, { domain: input['name'].slice(0, slash), name: input['name'].slice(slash + 1) });
  }
  return input;
}

function isHeader(kind: RecordKind, row: readonly string[]): boolean {
  return row.some((cell) => columnForHeader(kind, cell) !== undefined);
}

export function previewBulk(kind: RecordKind, text: string, context: BulkContext, targets: LinkTargets): BulkParse {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [first, ...rest] = parsed.rows;
  if (!first) return { ok: false, message: 'There is nothing to import' };
  const headerless = kind === 'indicator' && first.length === 1 && !isHeader(kind, first);
  if (!headerless && !isHeader(kind, first)) {
    return { ok: false, message: `The first row must name the columns, e.g. ${gridColumns[kind].map((c) => c.label).join(', ')}` };
  }
  const headers = headerless ? ['value'] : first;
  const columns = headers.map((header) => ({ header, key: columnForHeader(kind, header)?.key ?? null }));
  const required = gridColumns[kind].filter((c) => c.required);
  const missing = required.filter((c) => !columns.some((h) => h.key === c.key));
  if (missing.length > 0) return { ok: false, message: `A column ${missing.map((c) => `“${c.label}”`).join(' and ')} is needed` };
  const used = gridColumns[kind].filter((c) => columns.some((h) => h.key === c.key));
  const body = headerless ? parsed.rows : rest;
  const dataRows = body.filter((row) => row.some((cell) => cell.trim() !== '')).length;
  if (dataRows > MAX_IMPORT_ROWS) return { ok: false, message: `At most ${MAX_IMPORT_ROWS} rows can be imported at a time; this has ${dataRows}` };

  const seen = new Set(context.indicatorKeys);
  const rows: BulkRow[] = [];
  body.forEach((row, index) => {
    if (row.every((cell) => cell.trim() === '')) return;
    const number = index + (headerless ? 1 : 2);
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c.key && cells[c.key] === undefined) cells[c.key] = row[i] ?? '';
    });
    const errors: string[] = [];
    if (row.length > headers.length && row.slice(headers.length).some((c) => c.trim() !== '')) errors.push(`The row has ${row.length} cells but there are ${headers.length} columns`);
    const input = rowInput(kind, cells, used, context, errors);
    // Every problem of the row at once: the links, then the fields.
    const prepared = prepareRecord(kind, input);
    if (!prepared.ok) errors.push(...prepared.issues.map(label(kind)));
    else errors.push(...checkLinks(prepared.fields, targets).map(label(kind)));
    if (errors.length > 0 || !prepared.ok) return void rows.push({ row: number, cells, ok: false, errors });
    const fields = prepared.fields;
    let duplicate: string | undefined;
    if (kind === 'indicator') {
      const { type, value } = fields as { type: string; value: string };
      const key = indicatorKey(type, value);
      if (seen.has(key)) duplicate = context.indicatorKeys.has(key) ? 'Already recorded in this case' : 'Repeats an earlier row';
      seen.add(key);
    }
    rows.push({ row: number, cells, ok: true, fields, ...(duplicate ? { duplicate } : {}) });
  });
  const good = rows.filter((r) => r.ok && !r.duplicate).length;
  return {
    ok: true,
    preview: { kind, columns, headerless, rows, good, bad: rows.filter((r) => !r.ok).length, duplicates: rows.filter((r) => r.ok && r.duplicate).length },
  };
}

function label(kind: RecordKind): (issue: Issue) => string {
  return (issue) => {
    const column = gridColumns[kind].find((c) => c.key === issue.path.split('.')[0]);
    return column ? `${column.label}: ${issue.message}` : issue.message;
  };
}

/** The bad rows as API issues: path `row N`, one message per problem. */
export function bulkIssues(preview: BulkPreview): Issue[] {
  return preview.rows.flatMap((r) => (r.ok ? [] : r.errors.map((message) => ({ path: `row ${r.row}`, message }))));
}

/**
 * The investigation-record grids as columns: their labels, the header
 * names a pasted spreadsheet may use for them, the text of each cell, and
 * sorting and filtering over that text. The renderer, the API and the CSV
 * export all use these, so a grid sorts and filters the same everywhere.
 */
import type { RecordKind } from './record-payloads';
import type { RecordState } from './records-fold';

export type GridColumn = {
  key: string;
  label: string;
  kind: 'text' | 'list' | 'date' | 'enum' | 'link';
  /** Header names accepted on import, compared lowercase without spaces or punctuation. */
  aliases: readonly string[];
  required?: boolean;
};

const col = (key: string, label: string, kind: GridColumn['kind'], aliases: string[], required = false): GridColumn => ({
  key,
  label,
  kind,
  aliases: [key.toLowerCase(), label.toLowerCase().replace(/[^a-z0-9]/g, ''), ...aliases],
  ...(required ? { required } : {}),
});

const systems = col('systemIds', 'Systems', 'link', ['system', 'hosts', 'host']);
const items = col('itemIds', 'Evidence items', 'link', ['items', 'item', 'evidence']);
const note = col('note', 'Note', 'text', ['notes', 'comment', 'comments', 'context']);

export const gridColumns: Record<RecordKind, readonly GridColumn[]> = {
  indicator: [
    col('type', 'Type', 'enum', ['indicatortype', 'ioctype', 'kind']),
    col('value', 'Value', 'text', ['indicator', 'ioc', 'observable', 'indicatorvalue'], true),
    col('firstSeen', 'First seen', 'date', ['first', 'firstseenutc']),
    col('lastSeen', 'Last seen', 'date', ['last', 'lastseenutc']),
    col('tlp', 'TLP', 'enum', ['trafficlight', 'sharing']),
    items,
    systems,
    col('original', 'As entered', 'text', ['original', 'raw']),
    { ...note, aliases: [...note.aliases, 'description'] },
  ],
  system: [
    col('hostName', 'Host name', 'text', ['host', 'name', 'computer', 'computername', 'system', 'hostname']),
    col('addresses', 'Addresses', 'list', ['address', 'ip', 'ips', 'ipaddress', 'ipaddresses']),
    col('os', 'Operating system', 'text', ['os']),
    col('role', 'Role', 'text', ['function', 'purpose']),
    col('state', 'State', 'enum', ['status']),
    note,
  ],
  account: [
    col('name', 'Account', 'text', ['name', 'accountname', 'user', 'username', 'login'], true),
    col('domain', 'System or domain', 'text', ['domain', 'system']),
    col('kind', 'Kind', 'enum', ['type', 'accounttype']),
    col('state', 'State', 'enum', ['status']),
    { ...systems, aliases: ['systemids', 'systems', 'hosts'] },
    note,
  ],
  malware: [
    col('name', 'Name', 'text', ['malware', 'tool', 'filename'], true),
    col('category', 'Category', 'enum', ['type', 'kind']),
    col('hash', 'Hash', 'text', ['sha256', 'sha1', 'md5', 'filehash']),
    col('whereFound', 'Where found', 'text', ['location', 'path', 'found', 'foundat', 'foundon']),
    col('family', 'Family or description', 'text', ['family', 'description']),
    systems,
    items,
    note,
  ],
  exfiltration: [
    col('data', 'What data', 'text', ['data', 'what', 'dataset'], true),
    col('from', 'From where', 'text', ['from', 'source']),
    col('to', 'To where', 'text', ['to', 'destination']),
    col('at', 'When', 'date', ['at', 'time', 'date', 'datetime']),
    col('size', 'Size', 'text', ['volume', 'amount', 'bytes']),
    col('detectedBy', 'How detected', 'text', ['detectedby', 'detection', 'detected', 'howitwasdetected']),
    systems,
    note,
  ],
};

export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The column a header names, if any. */
export function columnForHeader(kind: RecordKind, header: string): GridColumn | undefined {
  const key = headerKey(header);
  if (key === '') return undefined;
  return gridColumns[kind].find((c) => c.aliases.includes(key));
}

/** Names for linked ids: systems by host name, items by description; an unknown id shows as itself. */
export type LinkLabels = { systems?: ReadonlyMap<string, string>; items?: ReadonlyMap<string, string> };

export function cellText(record: RecordState, column: GridColumn, labels: LinkLabels = {}): string {
  const value = (record.fields as Record<string, unknown>)[column.key];
  if (Array.isArray(value)) {
    const names = column.key === 'systemIds' ? labels.systems : column.key === 'itemIds' ? labels.items : undefined;
    return (value as string[]).map((v) => names?.get(v) ?? v).join('; ');
  }
  return typeof value === 'string' ? value : '';
}

export type SortSpec = { key: string; direction: 'asc' | 'desc' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortRecords<R extends RecordState>(rows: readonly R[], sort: SortSpec, labels: LinkLabels = {}): R[] {
  const column = gridColumns[rows[0]?.kind ?? 'indicator'].find((c) => c.key === sort.key);
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyOf = (row: R): string | number => {
    if (sort.key === 'addedAt') return row.addedAt;
    if (!column) return '';
    const text = cellText(row, column, labels);
    return column.kind === 'date' ? (text === '' ? Number.NEGATIVE_INFINITY : Date.parse(text)) : text;
  };
  return rows
    .map((row, index) => ({ row, index, key: keyOf(row) }))
    .sort((a, b) => {
      const c = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
      return sign * c || a.index - b.index;
    })
    .map((x) => x.row);
}

/**
 * Keeps the rows matching every term of `query` (case-insensitive
 * substrings). A term `column:text` looks only at that column (by key,
 * label or alias, e.g. `tlp:red`, `state:compromised`); a plain term looks
 * at every column.
 */
export function filterRecords<R extends RecordState>(rows: readonly R[], query: string, labels: LinkLabels = {}): R[] {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...rows];
  return rows.filter((row) => {
    const columns = gridColumns[row.kind];
    return terms.every((term) => {
      const colon = term.indexOf(':');
      const column = colon > 0 ? columnForHeader(row.kind, term.slice(0, colon)) : undefined;
      if (column) return cellText(row, column, labels).toLowerCase().includes(term.slice(colon + 1));
      return columns.some((c) => cellText(row, c, labels).toLowerCase().includes(term));
    });
  });
}

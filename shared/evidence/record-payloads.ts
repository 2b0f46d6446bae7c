/**
 * Investigation records (the triage grids of SANS FOR508 style): indicators,
 * investigated systems, compromised accounts, malware and tools, and data
 * exfiltration. Payloads of the events registered in shared/events/event.ts:
 *
 * - `record.added` {recordId, kind, fields}: one new record, all fields.
 * - `record.updated` {recordId, kind, changes, supersedes}: some fields;
 *   `supersedes` names the events the author saw as current for the record.
 * - `records.imported` {kind, rows: [{recordId, fields}]}: a bulk paste or
 *   CSV import, all rows in one event so that an import is never half done.
 *
 * Removal is an `entry.retracted` naming the record id. Indicator values
 * are stored normalized (./indicators), with the text as entered in
 * `original`; `type`, `value` and `original` always change together.
 */
import { z } from 'zod';
import { offsetDateTimeSchema, supersedesSchema, text, uuidSchema } from '../events/primitives';
import { indicatorTypes, isNormalizedIndicator } from './indicators';
import { normalizeIp } from './ip';

export const recordKinds = ['indicator', 'system', 'account', 'malware', 'exfiltration'] as const;
export type RecordKind = (typeof recordKinds)[number];

export const recordKindLabels: Record<RecordKind, { one: string; many: string }> = {
  indicator: { one: 'indicator', many: 'indicators' },
  system: { one: 'system', many: 'systems' },
  account: { one: 'account', many: 'accounts' },
  malware: { one: 'malware or tool', many: 'malware and tools' },
  exfiltration: { one: 'exfiltration record', many: 'exfiltration records' },
};

/** Traffic Light Protocol 2.0. */
export const tlpLevels = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const systemStates = ['suspected', 'compromised', 'contained', 'cleaned'] as const;
export const accountKinds = ['local', 'domain', 'service', 'cloud', 'email', 'other'] as const;
export const accountStates = ['suspected', 'compromised', 'disabled', 'reset', 'cleared'] as const;
export const malwareCategories = ['malware', 'tool'] as const;

const enumOf = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `${label} must be one of ${values.join(', ')}` });

const optionalDateTime = z.union([z.literal(''), offsetDateTimeSchema], {
  error: 'Not a date-time with an offset, e.g. 2026-11-23T14:05:00+01:00 (or empty)',
});

const idList = (label: string) =>
  z
    .array(uuidSchema)
    .max(200, `At most 200 ${label}`)
    .refine((ids) => new Set(ids).size === ids.length, `${label} must not repeat`);

const note = text('Note', 0, 4000);

const normalizedIp = z.string().refine((value) => {
  const ip = normalizeIp(value);
  return ip.ok && ip.value === value;
}, 'Not an IP address in canonical form');

const normalizedHash = z.union([z.literal(''), z.string().regex(/^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/, 'Not an MD5, SHA-1, SHA-256 or SHA-512 hash in lowercase hex')]);

export const recordFieldSchemas = {
  indicator: {
    type: enumOf('Type', indicatorTypes),
    value: text('Value', 1, 4096),
    original: text('Original', 0, 4096),
    firstSeen: optionalDateTime,
    lastSeen: optionalDateTime,
    tlp: enumOf('TLP', tlpLevels),
    itemIds: idList('Evidence items'),
    systemIds: idList('Systems'),
    note,
  },
  system: {
    hostName: text('Host name', 0, 255),
    addresses: z.array(normalizedIp).max(64, 'At most 64 addresses').refine((a) => new Set(a).size === a.length, 'Addresses must not repeat'),
    os: text('Operating system', 0, 200),
    role: text('Role', 0, 200),
    state: enumOf('State', systemStates),
    note,
  },
  account: {
    name: text('Account name', 1, 320),
    domain: text('System or domain', 0, 255),
    kind: enumOf('Kind', accountKinds),
    state: enumOf('State', accountStates),
    systemIds: idList('Systems'),
    note,
  },
  malware: {
    name: text('Name', 1, 300),
    category: enumOf('Category', malwareCategories),
    hash: normalizedHash,
    whereFound: text('Where found', 0, 2000),
    family: text('Family or description', 0, 2000),
    systemIds: idList('Systems'),
    itemIds: idList('Evidence items'),
    note,
  },
  exfiltration: {
    data: text('What data', 1, 2000),
    from: text('From where', 0, 500),
    to: text('To where', 0, 500),
    at: optionalDateTime,
    size: text('Size', 0, 100),
    detectedBy: text('How it was detected', 0, 2000),
    systemIds: idList('Systems'),
    note,
  },
} as const;

type Shapes = typeof recordFieldSchemas;
export type RecordFieldsOf<K extends RecordKind> = { [F in keyof Shapes[K]]: Shapes[K][F] extends z.ZodType ? z.infer<Shapes[K][F]> : never };
export type RecordFieldName<K extends RecordKind> = keyof Shapes[K] & string;
export type AnyRecordFields = { [K in RecordKind]: RecordFieldsOf<K> }[RecordKind];

function indicatorConsistent(fields: { type?: string | undefined; value?: string | undefined; original?: string | undefined }): boolean {
  const present = ['type', 'value', 'original'].filter((k) => k in fields).length;
  return present === 0 || present === 3;
}

function indicatorValueNormalized(fields: { type?: (typeof indicatorTypes)[number] | undefined; value?: string | undefined }): boolean {
  return fields.type === undefined || fields.value === undefined || isNormalizedIndicator(fields.type, fields.value);
}

const fullSchemas = {
  indicator: z.strictObject(recordFieldSchemas.indicator).refine(indicatorValueNormalized, { message: 'The value is not in the normalized form of its type', path: ['value'] }),
  system: z
    .strictObject(recordFieldSchemas.system)
    .refine((s) => /\S/.test(s.hostName) || s.addresses.length > 0, { message: 'Enter a host name or an address', path: ['hostName'] }),
  account: z.strictObject(recordFieldSchemas.account),
  malware: z.strictObject(recordFieldSchemas.malware),
  exfiltration: z.strictObject(recordFieldSchemas.exfiltration),
};

// Keys present with `undefined` (possible in a structured clone) would be dropped from the journal's JSON.
const nonEmpty = (changes: object) => Object.keys(changes).length > 0 && Object.values(changes).every((v) => v !== undefined);

const changeSchemas = {
  indicator: z
    .strictObject(recordFieldSchemas.indicator)
    .partial()
    .refine(nonEmpty, 'Change at least one field')
    .refine(indicatorConsistent, 'Type, value and original change together')
    .refine(indicatorValueNormalized, { message: 'The value is not in the normalized form of its type', path: ['value'] }),
  system: z.strictObject(recordFieldSchemas.system).partial().refine(nonEmpty, 'Change at least one field'),
  account: z.strictObject(recordFieldSchemas.account).partial().refine(nonEmpty, 'Change at least one field'),
  malware: z.strictObject(recordFieldSchemas.malware).partial().refine(nonEmpty, 'Change at least one field'),
  exfiltration: z.strictObject(recordFieldSchemas.exfiltration).partial().refine(nonEmpty, 'Change at least one field'),
};

export function recordFieldsSchema<K extends RecordKind>(kind: K): (typeof fullSchemas)[K] {
  return fullSchemas[kind];
}

export function recordChangesSchema<K extends RecordKind>(kind: K): (typeof changeSchemas)[K] {
  return changeSchemas[kind];
}

export const MAX_IMPORT_ROWS = 5000;

const addedOf = <K extends RecordKind>(kind: K) => z.strictObject({ recordId: uuidSchema, kind: z.literal(kind), fields: fullSchemas[kind] });
const updatedOf = <K extends RecordKind>(kind: K) =>
  z.strictObject({ recordId: uuidSchema, kind: z.literal(kind), changes: changeSchemas[kind], supersedes: supersedesSchema });
const importedOf = <K extends RecordKind>(kind: K) =>
  z.strictObject({
    kind: z.literal(kind),
    rows: z
      .array(z.strictObject({ recordId: uuidSchema, fields: fullSchemas[kind] }))
      .min(1, 'Nothing to import')
      .max(MAX_IMPORT_ROWS, `At most ${MAX_IMPORT_ROWS} rows at a time`),
  });

const kindError = { error: `Unknown record kind; expected one of ${recordKinds.join(', ')}` };

export const recordAddedPayload = z.discriminatedUnion(
  'kind',
  [addedOf('indicator'), addedOf('system'), addedOf('account'), addedOf('malware'), addedOf('exfiltration')],
  kindError,
);
export const recordUpdatedPayload = z.discriminatedUnion(
  'kind',
  [updatedOf('indicator'), updatedOf('system'), updatedOf('account'), updatedOf('malware'), updatedOf('exfiltration')],
  kindError,
);
export const recordsImportedPayload = z.discriminatedUnion(
  'kind',
  [importedOf('indicator'), importedOf('system'), importedOf('account'), importedOf('malware'), importedOf('exfiltration')],
  kindError,
);

/** Registers of a kind: fields that always change together share one (the indicator's type, value and original). */
export function registerOf(kind: RecordKind, field: string): string {
  return kind === 'indicator' && (field === 'type' || field === 'original') ? 'value' : field;
}

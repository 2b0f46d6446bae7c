/**
 * What a person enters for an investigation record (a form, the API, a
 * pasted row), and its preparation into the stored fields: defaults filled
 * in, indicator values and addresses normalized, dates read leniently
 * (`2026-11-23 14:05 +01:00` → `2026-11-23T14:05:00+01:00`; a time zone is
 * required), links to systems and evidence items checked. The API, the
 * bulk paste and the CSV import all go through `prepareRecord`, so a rule
 * holds everywhere.
 */
import { z } from 'zod';
import type { Issue } from '../api/errors';
import { offsetDateTimeSchema, uuidSchema } from '../events/primitives';
import { indicatorTypeInputs, normalizeIndicator, type IndicatorType } from './indicators';
import { normalizeIp } from './ip';
import { refang } from './refang';
import {
  accountKinds,
  accountStates,
  malwareCategories,
  recordChangesSchema,
  recordFieldsSchema,
  systemStates,
  tlpLevels,
  type AnyRecordFields,
  type RecordKind,
} from './record-payloads';

const str = z.string().max(10_000);
const ids = z.array(uuidSchema).max(200);

/** Lenient input shapes: strings as typed; `prepareRecord` turns them into stored fields. */
export const recordInputShapes = {
  indicator: { type: z.enum(indicatorTypeInputs), value: str, firstSeen: str, lastSeen: str, tlp: z.enum(tlpLevels), itemIds: ids, systemIds: ids, note: str },
  system: { hostName: str, addresses: z.array(str).max(64), os: str, role: str, state: z.enum(systemStates), note: str },
  account: { name: str, domain: str, kind: z.enum(accountKinds), state: z.enum(accountStates), systemIds: ids, note: str },
  malware: { name: str, category: z.enum(malwareCategories), hash: str, whereFound: str, family: str, systemIds: ids, itemIds: ids, note: str },
  exfiltration: { data: str, from: str, to: str, at: str, size: str, detectedBy: str, systemIds: ids, note: str },
} as const;

type InputShapes = typeof recordInputShapes;
export type RecordInputOf<K extends RecordKind> = { [F in keyof InputShapes[K]]?: InputShapes[K][F] extends z.ZodType ? z.infer<InputShapes[K][F]> : never };

const defaults: { [K in RecordKind]: Record<string, unknown> } = {
  indicator: { type: 'auto', firstSeen: '', lastSeen: '', tlp: 'amber', itemIds: [], systemIds: [], note: '' },
  system: { hostName: '', addresses: [], os: '', role: '', state: 'suspected', note: '' },
  account: { domain: '', kind: 'other', state: 'suspected', systemIds: [], note: '' },
  malware: { category: 'malware', hash: '', whereFound: '', family: '', systemIds: [], itemIds: [], note: '' },
  exfiltration: { from: '', to: '', at: '', size: '', detectedBy: '', systemIds: [], note: '' },
};

export type Prepared<T> = { ok: true; fields: T } | { ok: false; issues: Issue[] };

/** Reads a date-time as people type it; '' stays ''. */
export function parseDateTime(input: string): { ok: true; value: string } | { ok: false; message: string } {
  let text = input.trim();
  if (text === '') return { ok: true, value: '' };
  text = text.replace(/^(\d{4}-\d{2}-\d{2})[ T]+(\d)/, '$1T$2').replace(/\s*(UTC|GMT|z)$/i, 'Z').replace(/\s+([+-]\d{2}:?\d{2})$/, '$1');
  text = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/T(\d{2}:\d{2})(?=Z|[+-]\d{2}:\d{2}$)/, 'T$1:00');
  if (offsetDateTimeSchema.safeParse(text).success) return { ok: true, value: text };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
    return { ok: false, message: `${input} has no time zone; add one, e.g. ${text}Z or ${text}+01:00` };
  }
  return { ok: false, message: `${input} is not a date-time like 2026-11-23T14:05:00+01:00` };
}

function issue(path: string, message: string): Issue {
  return { path, message };
}

/** Normalizes what can be normalized; returns issues for what cannot. Mutates `out`. */
function normalizeInto(kind: RecordKind, out: Record<string, unknown>, issues: Issue[], current?: Record<string, unknown>): void {
  for (const key of ['firstSeen', 'lastSeen', 'at'] as const) {
    const raw = out[key];
    if (typeof raw !== 'string') continue;
    const parsed = parseDateTime(raw);
    if (parsed.ok) out[key] = parsed.value;
    else issues.push(issue(key, parsed.message));
  }
  if (kind === 'indicator' && ('value' in out || 'type' in out)) {
    const raw = typeof out['value'] === 'string' ? out['value'] : typeof current?.['original'] === 'string' && current['original'] !== '' ? current['original'] : current?.['value'];
    const type = (out['type'] ?? current?.['type'] ?? 'auto') as IndicatorType | 'auto';
    const normalized = normalizeIndicator(type, typeof raw === 'string' ? raw : '');
    if (normalized.ok) Object.assign(out, { type: normalized.type, value: normalized.value, original: (typeof raw === 'string' ? raw : '').trim() });
    else issues.push(issue('value', normalized.message));
  }
  if (kind === 'system' && Array.isArray(out['addresses'])) {
    const addresses: string[] = [];
    for (const raw of out['addresses'] as string[]) {
      if (raw.trim() === '') continue;
      const ip = normalizeIp(refang(raw));
      if (!ip.ok) issues.push(issue('addresses', ip.message));
      else if (!addresses.includes(ip.value)) addresses.push(ip.value);
    }
    out['addresses'] = addresses;
  }
  if (kind === 'malware' && typeof out['hash'] === 'string' && out['hash'].trim() !== '') {
    const hash = normalizeIndicator('hash', out['hash']);
    if (hash.ok) out['hash'] = hash.value;
    else issues.push(issue('hash', hash.message));
  }
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string' && key !== 'original') out[key] = value.trim();
}

/** The normalization issues, then the schema's about other fields (a field that failed to normalize is reported once). */
function merge(first: Issue[], second: Issue[]): Issue[] {
  const seen = new Set(first.map((i) => i.path.split('.')[0]));
  // An indicator's type is only known once its value normalizes.
  if (seen.has('value')) ['type', 'original'].forEach((f) => seen.add(f));
  return [...first, ...second.filter((i) => !seen.has(i.path.split('.')[0]))];
}

function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => issue(i.path.map(String).join('.'), i.message));
}

/** Turns the input for a new record into its stored fields, or says what is wrong with it. */
export function prepareRecord<K extends RecordKind>(kind: K, input: Readonly<Record<string, unknown>>): Prepared<AnyRecordFields> {
  const out: Record<string, unknown> = { ...defaults[kind] };
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value;
  const issues: Issue[] = [];
  normalizeInto(kind, out, issues);
  const parsed = recordFieldsSchema(kind).safeParse(out);
  if (parsed.success && issues.length === 0) return { ok: true, fields: parsed.data as AnyRecordFields };
  return { ok: false, issues: merge(issues, parsed.success ? [] : zodIssues(parsed.error)) };
}

/** The same for changes to an existing record (`current` holds its fields). */
export function prepareChanges<K extends RecordKind>(kind: K, input: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>>): Prepared<Partial<AnyRecordFields>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value;
  const issues: Issue[] = [];
  normalizeInto(kind, out, issues, current);
  const parsed = recordChangesSchema(kind).safeParse(out);
  if (parsed.success && issues.length === 0) return { ok: true, fields: parsed.data as Partial<AnyRecordFields> };
  return { ok: false, issues: merge(issues, parsed.success ? [] : zodIssues(parsed.error)) };
}

/** What linked ids may point at. */
export type LinkTargets = { systemIds: ReadonlySet<string>; itemIds: ReadonlySet<string> };

export function checkLinks(fields: Readonly<Record<string, unknown>>, targets: LinkTargets): Issue[] {
  const issues: Issue[] = [];
  for (const key of ['systemIds', 'itemIds'] as const) {
    const list = fields[key];
    if (!Array.isArray(list)) continue;
    for (const id of list as string[]) {
      if (!targets[key].has(id)) issues.push(issue(key, `No ${key === 'systemIds' ? 'system' : 'evidence item'} ${id} in this case`));
    }
  }
  return issues;
}

/**
 * Reading and writing the Outpost checklist extension (see ./common). Export
 * writes a property only when import could not work it out by itself, so an
 * exported playbook imports to an equal checklist, and a playbook written
 * elsewhere gains nothing on the way through Outpost.
 */
import type { Issue } from '../../api/errors';
import { categoryIds, type CategoryId } from '../../domain/taxonomy';
import { MAX_TEXT, phaseIds, type PhaseId } from '../model';
import { isRecord, OUTPOST_EXTENSION_ID, OUTPOST_EXTENSION_TYPE, type JsonObject } from './common';

export type StepExtension = {
  step_id?: string;
  phase?: PhaseId;
  role?: string;
  evidence?: string;
  optional?: boolean;
  notify?: string[];
  escalate?: string;
  branch_labels?: Record<string, string>;
  link_id?: string;
};

export type PlaybookExtension = { playbook_id?: string; version?: number; categories?: CategoryId[]; audience?: string };

const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const LIST_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PLAYBOOK_ID = /^[a-z][a-z0-9]{0,15}\.[a-z0-9][a-z0-9-]{0,63}$/;

const isText = (v: unknown, min = 0): v is string => typeof v === 'string' && v.length <= MAX_TEXT && (min === 0 || /\S/.test(v));

/** The extension's entry in an `*_extensions` dictionary, or undefined. */
export function outpostEntry(extensions: unknown): JsonObject | undefined {
  if (!isRecord(extensions)) return undefined;
  const entry = extensions[OUTPOST_EXTENSION_ID];
  return isRecord(entry) ? entry : undefined;
}

/** `extensions` without the Outpost entry, or undefined when nothing else is left. */
export function withoutOutpost(extensions: unknown): unknown {
  if (!isRecord(extensions) || !(OUTPOST_EXTENSION_ID in extensions)) return extensions;
  const { [OUTPOST_EXTENSION_ID]: _ours, ...rest } = extensions;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** For each property an entry may hold, whether a value is usable as it stands. */
type Checks<T> = { readonly [K in keyof T]-?: (value: unknown) => boolean };

const stepChecks: Checks<StepExtension> = {
  step_id: (v) => typeof v === 'string' && STEP_ID.test(v),
  phase: (v) => (phaseIds as readonly unknown[]).includes(v),
  role: (v) => isText(v, 1),
  evidence: (v) => isText(v, 1),
  optional: (v) => v === true,
  notify: (v) => Array.isArray(v) && v.length <= 50 && v.every((e) => typeof e === 'string' && LIST_ID.test(e)),
  escalate: (v) => typeof v === 'string' && LIST_ID.test(v),
  branch_labels: (v) => isRecord(v) && Object.values(v).every((e) => typeof e === 'string' && e.length <= 1000 && /\S/.test(e)),
  link_id: (v) => typeof v === 'string' && PLAYBOOK_ID.test(v),
};

const playbookChecks: Checks<PlaybookExtension> = {
  playbook_id: (v) => typeof v === 'string' && PLAYBOOK_ID.test(v),
  version: (v) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 1_000_000,
  categories: (v) => Array.isArray(v) && v.every((e) => (categoryIds as readonly unknown[]).includes(e)) && new Set(v).size === v.length,
  audience: (v) => isText(v, 1),
};

/**
 * The usable properties of an entry, kept as they stand; `type` must be ours,
 * and each other property that is unusable or unknown is left out with a
 * warning at `where`.
 */
function readEntry<T>(entry: JsonObject | undefined, where: string, checks: Checks<T>, warnings: Issue[]): T {
  const out: Record<string, unknown> = {};
  const bad = (field: string) => warnings.push({ path: `${where}.${field}`, message: `The Outpost extension's ${field} is not usable and was ignored` });
  for (const [field, value] of Object.entries(entry ?? {})) {
    const check = Object.hasOwn(checks, field) ? (checks as Record<string, (value: unknown) => boolean>)[field] : undefined;
    if (field === 'type') {
      if (value !== OUTPOST_EXTENSION_TYPE) bad(field);
    } else if (!check) {
      warnings.push({ path: `${where}.${field}`, message: `The Outpost extension has an unknown property ${field}; it was ignored` });
    } else if (check(value)) {
      out[field] = value;
    } else {
      bad(field);
    }
  }
  // Each property kept passed its check, which stands for its type.
  return out as T;
}

export function readStepExtension(entry: JsonObject | undefined, where: string, warnings: Issue[]): StepExtension {
  return readEntry(entry, where, stepChecks, warnings);
}

export function readPlaybookExtension(entry: JsonObject | undefined, warnings: Issue[]): PlaybookExtension {
  return readEntry(entry, `playbook_extensions.${OUTPOST_EXTENSION_ID}`, playbookChecks, warnings);
}

/** Adds the Outpost entry to an `*_extensions` dictionary (keeping the others); nothing when `fields` is empty. */
export function withOutpost(extensions: unknown, fields: Record<string, unknown>): JsonObject | undefined {
  const others = isRecord(extensions) ? extensions : undefined;
  if (Object.keys(fields).length === 0) return others;
  return { ...others, [OUTPOST_EXTENSION_ID]: { type: OUTPOST_EXTENSION_TYPE, ...fields } };
}

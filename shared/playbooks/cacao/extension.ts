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

export function readStepExtension(entry: JsonObject | undefined, where: string, warnings: Issue[]): StepExtension {
  if (!entry) return {};
  const out: StepExtension = {};
  const bad = (field: string) => warnings.push({ path: `${where}.${field}`, message: `The Outpost extension's ${field} is not usable and was ignored` });
  for (const [field, value] of Object.entries(entry)) {
    switch (field) {
      case 'type':
        if (value !== OUTPOST_EXTENSION_TYPE) bad(field);
        break;
      case 'step_id':
        if (typeof value === 'string' && STEP_ID.test(value)) out.step_id = value;
        else bad(field);
        break;
      case 'phase':
        if ((phaseIds as readonly unknown[]).includes(value)) out.phase = value as PhaseId;
        else bad(field);
        break;
      case 'role':
      case 'evidence':
        if (isText(value, 1)) out[field] = value;
        else bad(field);
        break;
      case 'optional':
        if (value === true) out.optional = true;
        else bad(field);
        break;
      case 'notify':
        if (Array.isArray(value) && value.length <= 50 && value.every((v) => typeof v === 'string' && LIST_ID.test(v))) out.notify = value as string[];
        else bad(field);
        break;
      case 'escalate':
        if (typeof value === 'string' && LIST_ID.test(value)) out.escalate = value;
        else bad(field);
        break;
      case 'branch_labels':
        if (isRecord(value) && Object.values(value).every((v) => typeof v === 'string' && v.length <= 1000 && /\S/.test(v))) out.branch_labels = value as Record<string, string>;
        else bad(field);
        break;
      case 'link_id':
        if (typeof value === 'string' && PLAYBOOK_ID.test(value)) out.link_id = value;
        else bad(field);
        break;
      default:
        warnings.push({ path: `${where}.${field}`, message: `The Outpost extension has an unknown property ${field}; it was ignored` });
    }
  }
  return out;
}

export function readPlaybookExtension(entry: JsonObject | undefined, warnings: Issue[]): PlaybookExtension {
  if (!entry) return {};
  const out: PlaybookExtension = {};
  const where = `playbook_extensions.${OUTPOST_EXTENSION_ID}`;
  const bad = (field: string) => warnings.push({ path: `${where}.${field}`, message: `The Outpost extension's ${field} is not usable and was ignored` });
  for (const [field, value] of Object.entries(entry)) {
    switch (field) {
      case 'type':
        if (value !== OUTPOST_EXTENSION_TYPE) bad(field);
        break;
      case 'playbook_id':
        if (typeof value === 'string' && PLAYBOOK_ID.test(value)) out.playbook_id = value;
        else bad(field);
        break;
      case 'version':
        if (Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 1_000_000) out.version = value as number;
        else bad(field);
        break;
      case 'categories':
        if (Array.isArray(value) && value.every((v) => (categoryIds as readonly unknown[]).includes(v)) && new Set(value).size === value.length) out.categories = value as CategoryId[];
        else bad(field);
        break;
      case 'audience':
        if (isText(value, 1)) out.audience = value;
        else bad(field);
        break;
      default:
        warnings.push({ path: `${where}.${field}`, message: `The Outpost extension has an unknown property ${field}; it was ignored` });
    }
  }
  return out;
}

/** Adds the Outpost entry to an `*_extensions` dictionary (keeping the others); nothing when `fields` is empty. */
export function withOutpost(extensions: unknown, fields: Record<string, unknown>): JsonObject | undefined {
  const others = isRecord(extensions) ? extensions : undefined;
  if (Object.keys(fields).length === 0) return others;
  return { ...others, [OUTPOST_EXTENSION_ID]: { type: OUTPOST_EXTENSION_TYPE, ...fields } };
}

/**
 * The case event envelope and the case event types.
 *
 * Envelope: { id, caseId, device, actor, hlc, type, payload, prev, hash, sig? }
 * - id, caseId: lowercase UUIDs (compared as strings everywhere, so one case).
 * - device: SHA-256 fingerprint of the device's Ed25519 public key, 64 hex.
 * - hlc: hybrid logical clock timestamp, see ./hlc.
 * - prev: hash of the same device's previous event in the same case, null for
 *   its first; the events of one device form a hash chain.
 * - hash: SHA-256 (lowercase hex) of `eventHashInput(event)`: the canonical
 *   JSON (./canonical) of every envelope field except `hash` and `sig`.
 * - sig: optional Ed25519 signature (64 bytes, standard base64) added by the
 *   signing layer; outside the hash so that signing never changes the chain.
 *
 * Schemas only validate, they never transform: the parsed event must be the
 * exact value that was hashed. Events are append-only; corrections are
 * `*.set` / `*.edited` events naming what they supersede, removals are
 * `entry.retracted`.
 */
import { z } from 'zod';
import type { Issue } from '../api/errors';
import { categoryIds, priorities, statuses } from '../domain/taxonomy';
import { canonicalJson } from './canonical';
import { uuidSchema, deviceIdSchema, eventHashSchema, hlcSchema, signatureSchema, supersedesSchema, offsetDateTimeSchema, text } from './primitives';
import * as evidence from '../evidence/evidence-payloads';
import * as records from '../evidence/record-payloads';
import * as checklist from '../playbooks/checklist-events';

// Primitive schemas live in ./primitives so that the payload schemas of other
// domains (playbooks, evidence) can use them and be registered below without a cycle.
export { uuidSchema, deviceIdSchema, eventHashSchema, hlcSchema, signatureSchema, supersedesSchema, offsetDateTimeSchema } from './primitives';

const uniqueStrings = (list: readonly string[]) => new Set(list).size === list.length;

/** Values a case field can take; `''` clears an optional text field. */
export const caseFieldValueSchemas = {
  title: text('Title', 1, 200),
  category: z.enum(categoryIds),
  priority: z.enum(priorities),
  status: z.enum(statuses),
  site: text('Site', 0, 200),
  constituency: text('Constituency', 0, 200),
  reporter: text('Reporter', 0, 200),
  summary: text('Summary', 0, 20_000),
  assignees: z
    .array(text('Assignee', 1, 200))
    .max(50, 'A case can have at most 50 assignees')
    .refine(uniqueStrings, 'Assignees must not repeat'),
} as const;

export type CaseField = keyof typeof caseFieldValueSchemas;
export type CaseFieldValues = { [F in CaseField]: z.infer<(typeof caseFieldValueSchemas)[F]> };
export const caseFields = Object.keys(caseFieldValueSchemas) as CaseField[];


const v = caseFieldValueSchemas;

export const caseOpenedPayload = z.strictObject({
  title: v.title,
  category: v.category,
  priority: v.priority,
  status: v.status,
  site: v.site,
  constituency: v.constituency.exactOptional(),
  reporter: v.reporter.exactOptional(),
  summary: v.summary.exactOptional(),
  assignees: v.assignees.exactOptional(),
});

function fieldSet<F extends CaseField>(field: F) {
  return z.strictObject({ field: z.literal(field), value: caseFieldValueSchemas[field], supersedes: supersedesSchema });
}

export const caseFieldSetPayload = z.discriminatedUnion(
  'field',
  [
    fieldSet('title'),
    fieldSet('category'),
    fieldSet('priority'),
    fieldSet('status'),
    fieldSet('site'),
    fieldSet('constituency'),
    fieldSet('reporter'),
    fieldSet('summary'),
    fieldSet('assignees'),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `Unknown case field; expected one of ${caseFields.join(', ')}` : undefined) },
);

const noteText = text('Note', 1, 100_000);
const timelineText = text('Timeline text', 1, 20_000);


export const noteAddedPayload = z.strictObject({ noteId: uuidSchema, text: noteText });
export const noteEditedPayload = z.strictObject({ noteId: uuidSchema, text: noteText, supersedes: supersedesSchema });
export const timelineAddedPayload = z.strictObject({ entryId: uuidSchema, at: offsetDateTimeSchema, text: timelineText });
export const timelineEditedPayload = z.strictObject({
  entryId: uuidSchema,
  at: offsetDateTimeSchema,
  text: timelineText,
  supersedes: supersedesSchema,
});
export const entryRetractedPayload = z.strictObject({ target: uuidSchema, reason: text('Reason', 1, 2000) });

const envelopeShape = {
  id: uuidSchema,
  caseId: uuidSchema,
  device: deviceIdSchema,
  actor: text('Actor', 1, 200),
  hlc: hlcSchema,
  prev: eventHashSchema.nullable(),
  hash: eventHashSchema,
  sig: signatureSchema.exactOptional(),
};

/** The schema of one event type: the common envelope with its own `type` and `payload`. */
export function eventSchema<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.strictObject({ ...envelopeShape, type: z.literal(type), payload });
}

/**
 * One schema per event type. New kinds of events (evidence, playbooks,
 * indicators) are added here; the union, the type list and `CaseEvent`
 * follow from this map.
 */
export const caseEventSchemas = {
  'case.opened': eventSchema('case.opened', caseOpenedPayload),
  'case.field.set': eventSchema('case.field.set', caseFieldSetPayload),
  'note.added': eventSchema('note.added', noteAddedPayload),
  'note.edited': eventSchema('note.edited', noteEditedPayload),
  'timeline.added': eventSchema('timeline.added', timelineAddedPayload),
  'timeline.edited': eventSchema('timeline.edited', timelineEditedPayload),
  'entry.retracted': eventSchema('entry.retracted', entryRetractedPayload),
  'evidence.registered': eventSchema('evidence.registered', evidence.evidenceRegisteredPayload),
  'evidence.updated': eventSchema('evidence.updated', evidence.evidenceUpdatedPayload),
  'evidence.file.attached': eventSchema('evidence.file.attached', evidence.evidenceFileAttachedPayload),
  'custody.transferred': eventSchema('custody.transferred', evidence.custodyTransferredPayload),
  'evidence.accessed': eventSchema('evidence.accessed', evidence.evidenceAccessedPayload),
  'evidence.verified': eventSchema('evidence.verified', evidence.evidenceVerifiedPayload),
  'evidence.exported': eventSchema('evidence.exported', evidence.evidenceExportedPayload),
  'evidence.intake.stopped': eventSchema('evidence.intake.stopped', evidence.evidenceIntakeStoppedPayload),
  'record.added': eventSchema('record.added', records.recordAddedPayload),
  'record.updated': eventSchema('record.updated', records.recordUpdatedPayload),
  'records.imported': eventSchema('records.imported', records.recordsImportedPayload),
  'playbook.attached': eventSchema('playbook.attached', checklist.playbookAttachedPayload),
  'checklist.step.set': eventSchema('checklist.step.set', checklist.checklistStepSetPayload),
  'checklist.decision': eventSchema('checklist.decision', checklist.checklistDecisionPayload),
} as const;

export type CaseEventType = keyof typeof caseEventSchemas;
export type CaseEventOf<T extends CaseEventType> = z.infer<(typeof caseEventSchemas)[T]>;
export type CaseEvent = { [T in CaseEventType]: CaseEventOf<T> }[CaseEventType];
export type PayloadOf<T extends CaseEventType> = CaseEventOf<T>['payload'];
export const caseEventTypes = Object.keys(caseEventSchemas) as CaseEventType[];

type AnyEventSchema = (typeof caseEventSchemas)[CaseEventType];

export const caseEventSchema = z.discriminatedUnion(
  'type',
  Object.values(caseEventSchemas) as unknown as [AnyEventSchema, ...AnyEventSchema[]],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const type: unknown = (issue.input as { type?: unknown } | undefined)?.type;
      const expected = `expected one of ${caseEventTypes.join(', ')}`;
      if (type === undefined) return `Event type is missing; ${expected}`;
      return `Unknown event type ${typeof type === 'string' ? JSON.stringify(type) : typeof type}; ${expected}`;
    },
  },
);

export type EventValidation = { ok: true; event: CaseEvent } | { ok: false; issues: Issue[] };

/** Validates an event from outside (a bundle, the journal) into the shared issue shape. */
export function validateCaseEvent(value: unknown): EventValidation {
  const result = caseEventSchema.safeParse(value);
  if (result.success) return { ok: true, event: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

/** The envelope fields the hash covers. */
export type EventHashFields = {
  readonly id: string;
  readonly caseId: string;
  readonly device: string;
  readonly actor: string;
  readonly hlc: string;
  readonly type: string;
  readonly payload: unknown;
  readonly prev: string | null;
};

/** The exact string whose SHA-256 is the event's `hash` (computed in Node); `hash` and `sig` are ignored. */
export function eventHashInput(event: EventHashFields & { readonly hash?: string; readonly sig?: string }): string {
  const { id, caseId, device, actor, hlc, type, payload, prev } = event;
  // The envelope written out by hand, members in RFC 8785 order: the same bytes as the general
  // encoder (a property test holds them equal), at a fraction of its cost per event of a merge.
  if (plainString(id) && plainString(caseId) && plainString(device) && plainString(actor) && plainString(hlc) && plainString(type) && (prev === null || plainString(prev))) {
    const q = JSON.stringify;
    return `{"actor":${q(actor)},"caseId":${q(caseId)},"device":${q(device)},"hlc":${q(hlc)},"id":${q(id)},"payload":${canonicalJson(payload)},"prev":${prev === null ? 'null' : q(prev)},"type":${q(type)}}`;
  }
  // Anything else takes the general path, which refuses what cannot be encoded, naming where.
  return canonicalJson({ id, caseId, device, actor, hlc, type, payload, prev });
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const plainString = (value: unknown): value is string => typeof value === 'string' && !LONE_SURROGATE.test(value);

type EventKey = { readonly id: string; readonly device: string; readonly hlc: string };

/**
 * The total order of events everywhere: hlc, then device id, then event id.
 * HLC strings are fixed width, so comparing them as strings is time order.
 */
export function compareEventOrder(a: EventKey, b: EventKey): number {
  return compareStrings(a.hlc, b.hlc) || compareStrings(a.device, b.device) || compareStrings(a.id, b.id);
}

/** Plain string order (UTF-16 code units), for sorting ids, hashes and clocks. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The events every fold works on: in fold order, each id once; of two
 * different events sharing an id (only forged ones can), the first in order,
 * then by hash, stays.
 */
export function inFoldOrder(events: readonly CaseEvent[]): CaseEvent[] {
  const sorted = [...events].sort((a, b) => compareEventOrder(a, b) || compareStrings(a.hash, b.hash));
  const seen = new Set<string>();
  return sorted.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}

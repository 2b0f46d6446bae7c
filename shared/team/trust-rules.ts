/**
 * Which arriving events a vault takes, by the team roster (issue 11; see
 * electron/core/team/FORMAT.md). Pure: the core gathers the roster and the
 * authors of retracted things, this decides.
 *
 * - This vault's own device and enrolled devices: taken.
 * - A revoked device: taken only if written (HLC wall time) up to its
 *   revocation; a later one refuses the whole bundle.
 * - A device not on the roster (or any other device when there is no
 *   roster): the bundle is held until the device is approved.
 * - `entry.retracted` of anything another device wrote (a note, timeline
 *   entry, evidence item or file, custody record, record, checklist run):
 *   refused, unless the coordinator's device retracts it.
 */
import { assertNever } from '../api/errors';
import type { CaseEvent } from '../events/event';
import { hlcToMillis } from '../events/hlc';
import { standingOf, type RosterDocument } from './roster';

export type TrustContext = {
  roster: RosterDocument | null;
  self: string;
  /** The coordinator device this vault trusts, if any. */
  coordinator: string | null;
  /** The device that wrote a note or timeline entry (by its id), if known. */
  authorOf: (caseId: string, entryId: string) => string | undefined;
};

export type TrustVerdict = { unknownDevices: string[]; refusals: string[] };

export function judgeEvents(events: Iterable<CaseEvent>, ctx: TrustContext): TrustVerdict {
  const unknown = new Set<string>();
  const refusals: string[] = [];
  for (const e of events) {
    if (e.type === 'entry.retracted') {
      const problem = retractionProblem(e.device, ctx.authorOf(e.caseId, e.payload.target), ctx.coordinator);
      if (problem) refusals.push(`event ${e.id} retracts ${e.payload.target}, but ${problem}`);
    }
    if (e.device === ctx.self) continue;
    if (!ctx.roster) {
      unknown.add(e.device);
      continue;
    }
    const standing = standingOf(ctx.roster, e.device);
    if (standing.kind === 'unknown') unknown.add(e.device);
    else if (standing.kind === 'revoked' && hlcToMillis(e.hlc) >= Date.parse(standing.entry.revokedAt)) {
      // At or after: an event in the very millisecond of the revocation is not known to precede it.
      refusals.push(`event ${e.id} of device ${short(e.device)} (“${standing.entry.name}”) was written after the device was revoked at ${standing.entry.revokedAt}`);
    }
  }
  return { unknownDevices: [...unknown].sort(), refusals };
}

const short = (device: string) => (device.slice(0, 16).match(/.{4}/g) ?? []).join(' ');

/**
 * What an event makes that an `entry.retracted` can name: a note, timeline
 * entry, evidence item or file, custody transfer or access (named by the
 * event's own id), record, or checklist run. The switch is exhaustive so a
 * new event type has to say whether it can be retracted.
 */
export function retractableIds(e: CaseEvent): string[] {
  switch (e.type) {
    case 'note.added':
      return [e.payload.noteId];
    case 'timeline.added':
      return [e.payload.entryId];
    case 'evidence.registered':
      return [e.payload.itemId];
    case 'evidence.file.attached':
      return [e.payload.fileId];
    case 'custody.transferred':
    case 'evidence.accessed':
      return [e.id];
    case 'record.added':
      return [e.payload.recordId];
    case 'records.imported':
      return e.payload.rows.map((r) => r.recordId);
    case 'playbook.attached':
      return [e.payload.runId];
    case 'case.opened':
    case 'case.field.set':
    case 'note.edited':
    case 'timeline.edited':
    case 'entry.retracted':
    case 'evidence.updated':
    case 'evidence.verified':
    case 'evidence.exported':
    case 'evidence.intake.stopped':
    case 'record.updated':
    case 'checklist.step.set':
    case 'checklist.decision':
      return [];
    default:
      return assertNever(e);
  }
}

/** The device that wrote each retractable thing among these events, by its id (the first writer, should an id repeat). */
export function entryAuthors(events: Iterable<CaseEvent>, into: Map<string, string> = new Map()): Map<string, string> {
  for (const e of events) for (const id of retractableIds(e)) if (!into.has(id)) into.set(id, e.device);
  return into;
}

/**
 * Why `device` may not retract `target` (null: it may). A device may retract
 * only what it wrote, unless it is the coordinator's; a target whose author
 * is not known is not judged (it names nothing in the case).
 */
export function retractionProblem(device: string, author: string | undefined, coordinator: string | null): string | null {
  if (author === undefined || author === device || device === coordinator) return null;
  return `device ${short(device)} did not write it (device ${short(author)} did); only the coordinator may retract another device's work`;
}

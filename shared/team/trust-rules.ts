/**
 * Which arriving events a vault takes, by the team roster (issue 11; see
 * electron/core/team/FORMAT.md). Pure: the core gathers the roster and the
 * authors of retracted entries, this decides.
 *
 * - This vault's own device and enrolled devices: taken.
 * - A revoked device: taken only if written (HLC wall time) up to its
 *   revocation; a later one refuses the whole bundle.
 * - A device not on the roster (or any other device when there is no
 *   roster): the bundle is held until the device is approved.
 * - `entry.retracted` of an entry another device wrote: refused, unless the
 *   coordinator's device retracts it.
 */
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
    if (e.type === 'entry.retracted' && e.device !== ctx.coordinator) {
      const author = ctx.authorOf(e.caseId, e.payload.target);
      if (author !== undefined && author !== e.device) refusals.push(`event ${e.id} retracts entry ${e.payload.target}, which device ${short(e.device)} did not write (only the coordinator may retract another device's entry)`);
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

/** The author of every note and timeline entry among these events, by entry id. */
export function entryAuthors(events: Iterable<CaseEvent>, into: Map<string, string> = new Map()): Map<string, string> {
  for (const e of events) {
    if (e.type === 'note.added') into.set(e.payload.noteId, e.device);
    else if (e.type === 'timeline.added') into.set(e.payload.entryId, e.device);
  }
  return into;
}

/**
 * Which events and evidence files an export sends: the chosen cases whole,
 * or, for "everything changed since the last export" to a coordinator,
 * every event that export log (./export-log.ts) does not count as sent.
 *
 * A device's events in a case form a chain whose clocks rise along the
 * links (checked on every append and import), so in fold order (hlc,
 * device, id) a device's events come in chain order: the unsent ones are
 * those after its last sent event, and leaving the others out keeps the
 * file in the order a full export writes.
 */
import type { KeysView } from '../../../shared/api/bundle-schemas';
import type { CaseListItem } from '../../../shared/api/schemas';
import { ApiFailure } from '../../../shared/api/errors';
import type { CaseEvent } from '../../../shared/events/event';
import type { VaultSession } from '../vault/session';
import type { ExportRecord } from './export-log';

export type SelectedCase = {
  caseId: string;
  title: string;
  /** Every event of the case when it was read (fold order): what the coordinator has once this bundle is imported. */
  snapshot: readonly CaseEvent[];
  /** What goes into the bundle: all of `snapshot`, or the part not sent yet. */
  events: readonly CaseEvent[];
};

export type BlobRef = { sha256: string; size: number };

export type Selection = { cases: SelectedCase[]; blobs: BlobRef[] };

type Progress = { throwIfCancelled: () => void } | undefined;

export async function selectCases(session: VaultSession, caseIds: readonly string[], job?: Progress): Promise<Selection> {
  const cases: SelectedCase[] = [];
  for (const caseId of [...new Set(caseIds)]) {
    job?.throwIfCancelled();
    const state = await session.getCase(caseId);
    const snapshot = await session.caseEvents(caseId);
    cases.push({ caseId, title: state.title, snapshot, events: snapshot });
  }
  return { cases, blobs: blobsOf(cases) };
}

/** Every case with events not yet sent to the coordinator of `record` (null: nothing was sent, so everything). */
export async function selectChanges(session: VaultSession, record: ExportRecord | null, job?: Progress): Promise<Selection> {
  const cases: SelectedCase[] = [];
  for (const listed of session.listCases()) {
    job?.throwIfCancelled();
    const id = listed.id;
    if (unchangedSince(record, listed)) continue;
    const snapshot = await session.caseEvents(id);
    const events = unsent(snapshot, record?.cases[id]);
    if (events.length === 0) continue;
    cases.push({ caseId: id, title: (await session.getCase(id)).title, snapshot, events });
  }
  return { cases, blobs: blobsOf(cases) };
}

/** Whether the case list shows a case exactly as the last export read it (then its journal need not be read). */
function unchangedSince(record: ExportRecord | null, listed: CaseListItem): boolean {
  const seen = record?.seen?.[listed.id];
  return seen !== undefined && listed.problem === undefined && record?.cases[listed.id] !== undefined && seen.events === listed.eventCount && seen.updatedAt === listed.updatedAt;
}

/**
 * The events of each device after the last one sent. A device whose last
 * sent event is not in the case (a log from before a restore of the vault,
 * say) goes whole: events the coordinator already has are skipped on import,
 * while one left out would break its chain there.
 */
export function unsent(events: readonly CaseEvent[], sent: Readonly<Record<string, string>> | undefined): CaseEvent[] {
  if (!sent) return [...events];
  const lastSentAt = new Map<string, number>();
  events.forEach((e, i) => {
    if (sent[e.device] === e.hash) lastSentAt.set(e.device, i);
  });
  return events.filter((e, i) => i > (lastSentAt.get(e.device) ?? -1));
}

/**
 * The evidence files the events refer to, each once, by digest. A delta
 * carries a file again when one of its new events refers to a file sent
 * before (the same content attached twice): importers require every file an
 * event of the bundle names to be in the bundle (FORMAT.md, step 6).
 */
function blobsOf(cases: readonly SelectedCase[]): BlobRef[] {
  const blobs = new Map<string, BlobRef>();
  for (const c of cases) {
    for (const e of c.events) if (e.type === 'evidence.file.attached' && !blobs.has(e.payload.sha256)) blobs.set(e.payload.sha256, { sha256: e.payload.sha256, size: e.payload.size });
  }
  return [...blobs.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}

/** The coordinator as a person knows it: the team's name when the recipients are its coordinator's key, else the keys, shortened. */
export function coordinatorName(keys: Pick<KeysView, 'team'>, recipients: readonly string[]): string {
  if (keys.team && recipients.length === 1 && recipients[0] === keys.team.coordinator.recipient) return keys.team.team.name;
  return recipients.map((r) => `${r.slice(0, 12)}…${r.slice(-6)}`).join(', ');
}

export function nothingChanged(coordinator: string, lastExportAt: string | null): ApiFailure {
  return new ApiFailure('not_found', lastExportAt === null ? `There is nothing to export to ${coordinator}: this vault has no cases` : `Nothing changed since the last export to ${coordinator} (${lastExportAt}): no bundle was written`);
}

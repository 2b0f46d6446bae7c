/**
 * The evidence log of a case as a pure fold of its events: items (fields as
 * per-field registers, see ./register), their files with every verification
 * and export, and each item's chain of custody (./custody). Deterministic
 * under any delivery order and duplicates: events are deduplicated by id and
 * sorted by (hlc, device, id) first. Events about an item that is not (yet)
 * registered are ignored; retractions (`entry.retracted`) mark items,
 * files, transfers and accesses without removing them.
 *
 * Exhibit numbers (`E-001`, `E-002`, …, for bag labels) count the case's
 * items in the order of their first registration in fold order, so every
 * device that holds the same events gives the same numbers. A retracted item
 * keeps its number (its label may already be on a bag). Numbers follow the
 * events: a registration made offline that arrives later with an earlier
 * clock moves the numbers after it, which is why the form and the views
 * always show the item id beside the number.
 */
import type { CaseEvent, CaseEventOf, CaseEventType } from '../events/event';
import { inFoldOrder } from '../events/event';
import type { Retraction } from '../events/fold';
import { hlcToIso } from '../events/hlc';
import { chainOfCustody, type CustodyEntry, type RawCustodyEntry } from './custody';
import { evidenceItemFields, type EvidenceItemFields, type VerificationResult } from './evidence-payloads';
import { resolveFields, type FieldConflict, type FieldWrite } from './register';

export type VerificationState = { eventId: string; at: string; by: string; result: VerificationResult; detail: string; sha256?: string; recordedAt: string };
export type ExportState = { eventId: string; at: string; by: string; to: string; sha256: string; recordedAt: string };

export type EvidenceFileState = {
  fileId: string;
  itemId: string;
  name: string;
  size: number;
  sha256: string;
  sha1?: string;
  md5?: string;
  blob: string;
  mediaType?: string;
  path: string;
  attachedAt: string;
  attachedBy: string;
  eventId: string;
  /** `failed` when the latest verification did not match; `unverified` when none was run since intake. */
  status: 'unverified' | 'ok' | 'failed';
  /** Verifications that failed, ever: a later success does not erase them. */
  failures: number;
  lastVerification?: VerificationState;
  verifications: VerificationState[];
  exports: ExportState[];
  retracted?: Retraction;
};

export type EvidenceItemState = EvidenceItemFields & {
  id: string;
  /** The short number for bag labels within the case, `E-001` onwards (see the header). */
  exhibit: string;
  registeredBy: string;
  registeredAt: string;
  device: string;
  editedAt?: string;
  editedBy?: string;
  /** Ids for `supersedes` of the next `evidence.update`. */
  heads: string[];
  conflicts: FieldConflict[];
  retracted?: Retraction;
  files: EvidenceFileState[];
  custody: CustodyEntry[];
  /** Who holds the item now, by the custody record. */
  holder: string;
  /** Custody entries with a problem (not counting retracted ones). */
  custodyFlags: number;
  status: 'no-files' | 'unverified' | 'ok' | 'failed';
};

export type EvidenceTotals = { items: number; files: number; bytes: number; verified: number; unverified: number; failed: number; custodyFlags: number };
export type EvidenceLog = { items: EvidenceItemState[]; totals: EvidenceTotals };


/** `E-001` for the first item of a case; more digits once past 999. */
export function exhibitNumber(position: number): string {
  return `E-${String(position).padStart(3, '0')}`;
}

function ofType<T extends CaseEventType>(events: readonly CaseEvent[], type: T): CaseEventOf<T>[] {
  return events.filter((e): e is CaseEventOf<T> => e.type === type);
}

function retractionsOf(events: readonly CaseEvent[]): (id: string) => Retraction | undefined {
  const byTarget = new Map<string, Retraction>();
  for (const e of ofType(events, 'entry.retracted')) {
    if (!byTarget.has(e.payload.target)) byTarget.set(e.payload.target, { reason: e.payload.reason, by: e.actor, device: e.device, at: hlcToIso(e.hlc), eventId: e.id });
  }
  return (id) => byTarget.get(id);
}

const recorded = (e: CaseEvent) => ({ recordedAt: hlcToIso(e.hlc), recordedBy: e.actor, device: e.device });

function foldFile(e: CaseEventOf<'evidence.file.attached'>, events: readonly CaseEvent[], retraction: Retraction | undefined): EvidenceFileState {
  const p = e.payload;
  const verifications = ofType(events, 'evidence.verified')
    .filter((v) => v.payload.fileId === p.fileId && v.payload.itemId === p.itemId)
    .map((v): VerificationState => ({
      eventId: v.id,
      at: v.payload.at,
      by: v.actor,
      result: v.payload.result,
      detail: v.payload.detail,
      ...(v.payload.sha256 ? { sha256: v.payload.sha256 } : {}),
      recordedAt: hlcToIso(v.hlc),
    }));
  const exports = ofType(events, 'evidence.exported')
    .filter((x) => x.payload.fileId === p.fileId && x.payload.itemId === p.itemId)
    .map((x): ExportState => ({ eventId: x.id, at: x.payload.at, by: x.payload.by, to: x.payload.to, sha256: x.payload.sha256, recordedAt: hlcToIso(x.hlc) }));
  const last = verifications[verifications.length - 1];
  return {
    fileId: p.fileId,
    itemId: p.itemId,
    name: p.name,
    size: p.size,
    sha256: p.sha256,
    ...(p.sha1 ? { sha1: p.sha1 } : {}),
    ...(p.md5 ? { md5: p.md5 } : {}),
    blob: p.blob,
    ...(p.mediaType ? { mediaType: p.mediaType } : {}),
    path: p.path,
    attachedAt: p.at,
    attachedBy: e.actor,
    eventId: e.id,
    status: !last ? 'unverified' : last.result === 'ok' ? 'ok' : 'failed',
    failures: verifications.filter((v) => v.result !== 'ok').length,
    ...(last ? { lastVerification: last } : {}),
    verifications,
    exports,
    ...(retraction ? { retracted: retraction } : {}),
  };
}

/** Custody entries of one item from its own events (see foldEvidence). */
function custodyEntries(events: readonly CaseEvent[], files: readonly EvidenceFileState[], retractionOf: (id: string) => Retraction | undefined): RawCustodyEntry[] {
  const nameOf = (fileId: string) => files.find((f) => f.fileId === fileId)?.name ?? fileId;
  const raw: RawCustodyEntry[] = [];
  events.forEach((e, order) => {
    const base = { eventId: e.id, order, ...recorded(e) };
    const retracted = retractionOf(e.id);
    const mark = retracted ? { retracted } : {};
    if (e.type === 'custody.transferred') {
      const p = e.payload;
      raw.push({ ...base, ...mark, kind: 'transferred', at: p.at, from: p.from, to: p.to, place: p.place, purpose: p.purpose, condition: p.condition });
    } else if (e.type === 'evidence.accessed') {
      raw.push({ ...base, ...mark, kind: 'accessed', at: e.payload.at, by: e.payload.by, purpose: e.payload.purpose });
    } else if (e.type === 'evidence.file.attached') {
      raw.push({ ...base, kind: 'attached', at: e.payload.at, by: e.actor, fileId: e.payload.fileId, fileName: e.payload.name, detail: `SHA-256 ${e.payload.sha256}` });
    } else if (e.type === 'evidence.verified') {
      const p = e.payload;
      raw.push({ ...base, kind: 'verified', at: p.at, by: e.actor, fileId: p.fileId, fileName: nameOf(p.fileId), result: p.result, detail: p.detail });
    } else if (e.type === 'evidence.exported') {
      const p = e.payload;
      raw.push({ ...base, kind: 'exported', at: p.at, by: p.by, fileId: p.fileId, fileName: nameOf(p.fileId), detail: `to ${p.to}` });
    } else if (e.type === 'evidence.intake.stopped') {
      raw.push({ ...base, kind: 'intake-stopped', at: e.payload.at, by: e.actor, fileName: e.payload.name, detail: `${e.payload.reason}: ${e.payload.detail}` });
    }
  });
  return raw;
}

/** `events` are the item's own events, in fold order. */
function foldItem(registrations: CaseEventOf<'evidence.registered'>[], events: readonly CaseEvent[], retractionOf: (id: string) => Retraction | undefined, exhibit: string): EvidenceItemState {
  const first = registrations[0];
  if (!first) throw new Error('An item needs its registration');
  const itemId = first.payload.itemId;
  const writes: FieldWrite[] = [
    ...registrations.map((e) => ({ event: e, values: e.payload, supersedes: null })),
    ...ofType(events, 'evidence.updated')
      .filter((e) => e.payload.itemId === itemId)
      .map((e) => ({ event: e, values: e.payload.changes, supersedes: e.payload.supersedes })),
  ];
  const resolved = resolveFields(writes, evidenceItemFields);
  const fields = resolved.values as EvidenceItemFields;
  const files = ofType(events, 'evidence.file.attached')
    .filter((e) => e.payload.itemId === itemId)
    .map((e) => foldFile(e, events, retractionOf(e.payload.fileId)));
  const collected: RawCustodyEntry = {
    eventId: first.id,
    order: -1,
    ...recorded(first),
    kind: 'collected',
    at: fields.collectedAt,
    by: fields.collectedBy,
    place: fields.location,
    purpose: fields.method,
    detail: fields.source,
  };
  const custody = chainOfCustody(fields.collectedBy, fields.collectedAt, [collected, ...custodyEntries(events, files, retractionOf)]);
  const live = files.filter((f) => !f.retracted);
  const status = live.length === 0 ? 'no-files' : live.some((f) => f.status === 'failed') ? 'failed' : live.every((f) => f.status === 'ok') ? 'ok' : 'unverified';
  const retracted = retractionOf(itemId);
  return {
    ...fields,
    id: itemId,
    exhibit,
    registeredBy: first.actor,
    registeredAt: hlcToIso(first.hlc),
    device: first.device,
    ...(resolved.lastEdit ? { editedAt: hlcToIso(resolved.lastEdit.hlc), editedBy: resolved.lastEdit.actor } : {}),
    heads: resolved.heads,
    conflicts: resolved.conflicts,
    ...(retracted ? { retracted } : {}),
    files,
    custody,
    holder: custody[custody.length - 1]?.holder ?? fields.collectedBy,
    custodyFlags: custody.filter((c) => c.flags.length > 0 && !c.retracted).length,
    status,
  };
}

const ITEM_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'evidence.registered',
  'evidence.updated',
  'evidence.file.attached',
  'custody.transferred',
  'evidence.accessed',
  'evidence.verified',
  'evidence.exported',
  'evidence.intake.stopped',
]);

/** `events` may hold any case events; only the evidence events count. */
export function foldEvidence(input: readonly CaseEvent[]): EvidenceLog {
  const events = inFoldOrder(input);
  const retractionOf = retractionsOf(events);
  const registrations = new Map<string, CaseEventOf<'evidence.registered'>[]>();
  const byItem = new Map<string, CaseEvent[]>();
  for (const e of events) {
    if (!ITEM_EVENTS.has(e.type)) continue;
    const itemId = (e.payload as { itemId: string }).itemId;
    byItem.set(itemId, [...(byItem.get(itemId) ?? []), e]);
    if (e.type === 'evidence.registered') registrations.set(itemId, [...(registrations.get(itemId) ?? []), e]);
  }
  // A Map keeps insertion order: items in the order of their first registration, which numbers them.
  const items = [...registrations.entries()].map(([itemId, regs], index) => foldItem(regs, byItem.get(itemId) ?? [], retractionOf, exhibitNumber(index + 1)));
  const files = items.filter((i) => !i.retracted).flatMap((i) => i.files.filter((f) => !f.retracted));
  return {
    items,
    totals: {
      items: items.filter((i) => !i.retracted).length,
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      verified: files.filter((f) => f.status === 'ok').length,
      unverified: files.filter((f) => f.status === 'unverified').length,
      failed: files.filter((f) => f.status === 'failed').length,
      custodyFlags: items.filter((i) => !i.retracted).reduce((sum, i) => sum + i.custodyFlags, 0),
    },
  };
}

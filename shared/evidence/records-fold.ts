/**
 * The investigation-record grids of a case as a pure fold of its events.
 * A record's base is its `record.added` event or its row in a
 * `records.imported` event; `record.updated` events change fields as
 * per-field registers (./register: latest (hlc, device) wins, losing values
 * kept as conflicts). An update of another kind than the record's is
 * ignored. Retracted records stay, marked. Deterministic under any delivery
 * order and duplicates.
 */
import type { CaseEvent } from '../events/event';
import { compareEventOrder, inFoldOrder } from '../events/event';
import type { Retraction } from '../events/fold';
import { hlcToIso } from '../events/hlc';
import { recordFieldSchemas, recordKinds, registerOf, type RecordFieldsOf, type RecordKind } from './record-payloads';
import { resolveFields, type FieldConflict, type FieldWrite, type WriteEvent } from './register';

export type RecordState<K extends RecordKind = RecordKind> = {
  id: string;
  kind: K;
  fields: RecordFieldsOf<K>;
  addedBy: string;
  addedAt: string;
  device: string;
  /** Set when the record came in through a bulk import: that event's id. */
  importedIn?: string;
  editedAt?: string;
  editedBy?: string;
  /** Ids for `supersedes` of the next `record.update`. */
  heads: string[];
  conflicts: FieldConflict[];
  retracted?: Retraction;
};

export type RecordsState = { [K in RecordKind]: RecordState<K>[] };

type Base = { event: WriteEvent; kind: RecordKind; fields: Record<string, unknown>; importedIn?: string };


export function foldRecords(input: readonly CaseEvent[]): RecordsState {
  const events = inFoldOrder(input);

  const bases = new Map<string, Base[]>();
  const updates = new Map<string, FieldWrite[]>();
  const kindOfUpdate = new Map<FieldWrite, RecordKind>();
  const retractions = new Map<string, Retraction>();
  const addBase = (id: string, base: Base) => bases.set(id, [...(bases.get(id) ?? []), base]);
  for (const e of events) {
    if (e.type === 'record.added') addBase(e.payload.recordId, { event: e, kind: e.payload.kind, fields: e.payload.fields });
    else if (e.type === 'records.imported') {
      for (const row of e.payload.rows) addBase(row.recordId, { event: e, kind: e.payload.kind, fields: row.fields, importedIn: e.id });
    } else if (e.type === 'record.updated') {
      const write: FieldWrite = { event: e, values: e.payload.changes, supersedes: e.payload.supersedes };
      kindOfUpdate.set(write, e.payload.kind);
      updates.set(e.payload.recordId, [...(updates.get(e.payload.recordId) ?? []), write]);
    } else if (e.type === 'entry.retracted' && !retractions.has(e.payload.target)) {
      retractions.set(e.payload.target, { reason: e.payload.reason, by: e.actor, device: e.device, at: hlcToIso(e.hlc), eventId: e.id });
    }
  }

  const state = Object.fromEntries(recordKinds.map((k) => [k, [] as RecordState[]])) as Record<RecordKind, RecordState[]>;
  for (const [id, recordBases] of bases) {
    const first = recordBases[0];
    if (!first) continue;
    const kind = first.kind;
    const fields = Object.keys(recordFieldSchemas[kind]);
    const writes: FieldWrite[] = [
      ...recordBases.filter((b) => b.kind === kind).map((b) => ({ event: b.event, values: b.fields, supersedes: null })),
      ...(updates.get(id) ?? []).filter((w) => kindOfUpdate.get(w) === kind),
    ];
    // Bases and updates come from different loops; put them back in event order.
    writes.sort((a, b) => compareEventOrder(a.event, b.event));
    const resolved = resolveFields(writes, fields, (f) => registerOf(kind, f));
    const retracted = retractions.get(id);
    state[kind].push({
      id,
      kind,
      fields: resolved.values as RecordFieldsOf<typeof kind>,
      addedBy: first.event.actor,
      addedAt: hlcToIso(first.event.hlc),
      device: first.event.device,
      ...(first.importedIn ? { importedIn: first.importedIn } : {}),
      ...(resolved.lastEdit ? { editedAt: hlcToIso(resolved.lastEdit.hlc), editedBy: resolved.lastEdit.actor } : {}),
      heads: resolved.heads,
      conflicts: resolved.conflicts,
      ...(retracted ? { retracted } : {}),
    });
  }
  return state as RecordsState;
}

/** The ids of every record of a kind, for linking checks. */
export function recordIds(state: RecordsState, kind: RecordKind): Set<string> {
  return new Set(state[kind].map((r) => r.id));
}

/**
 * A case's state as a pure fold of its events.
 *
 * The result depends only on the set of events: duplicates (same id) are
 * dropped and everything is ordered by (hlc, device, id) first, so any
 * delivery order gives a deep-equal result.
 *
 * Every field, note and timeline entry is a multi-value register. Its writes
 * are a base (`case.opened` / `note.added` / `timeline.added`) plus the later
 * writes (`case.field.set` / `*.edited`), each naming in `supersedes` the
 * writes its author saw as current. A write is superseded when another write
 * of the same register names it, and a base is superseded by any later write.
 * The writes left are the heads: the one with the greatest (hlc, device) is
 * shown; heads with a different value are conflicts, kept for review until a
 * write superseding all heads (`heads` lists their ids) resolves them.
 *
 * Without a `case.opened` event there is nothing to show (no title, no
 * category): foldCase returns null and the caller reports the case as
 * incomplete. Several `case.opened` events (a bad import) are all bases of
 * every field register; when nothing later was written to a field the
 * earliest opening wins and the differing values of the others are conflicts.
 * Events of another case than the winning opening's are ignored here; the
 * chain check (./chain) reports them.
 */
import { canonicalJson } from './canonical';
import type { CaseEvent, CaseEventOf, CaseEventType, CaseField, CaseFieldValues } from './event';
import { caseFields, inFoldOrder } from './event';
import { groupBy } from './group';
import { hlcToIso } from './hlc';

export type FieldValue = CaseFieldValues[CaseField];
export type TimelineValue = { at: string; text: string };

/** One write of a register, as shown in a conflict. */
export type WriteRef<V> = { eventId: string; device: string; actor: string; hlc: string; value: V };

export type CaseConflict =
  | { kind: 'field'; field: CaseField; winner: WriteRef<FieldValue>; losers: WriteRef<FieldValue>[] }
  | { kind: 'note'; noteId: string; winner: WriteRef<string>; losers: WriteRef<string>[] }
  | { kind: 'timeline'; entryId: string; winner: WriteRef<TimelineValue>; losers: WriteRef<TimelineValue>[] };

export type Retraction = { reason: string; by: string; device: string; at: string; eventId: string };

type EntryCommon = {
  id: string;
  text: string;
  author: string;
  device: string;
  addedAt: string;
  editedAt?: string;
  editedBy?: string;
  retracted?: Retraction;
  /** Ids to put in `supersedes` when editing, so that the edit resolves any conflict. */
  heads: string[];
};

export type NoteState = EntryCommon;
export type TimelineEntryState = EntryCommon & { at: string };

export type CaseState = CaseFieldValues & {
  id: string;
  openedAt: string;
  openedBy: string;
  updatedAt: string;
  eventCount: number;
  /** Every device that wrote to the case, sorted. */
  devices: string[];
  /** In order of addition. */
  notes: NoteState[];
  /** In order of `at`, then of addition. */
  timeline: TimelineEntryState[];
  /** Per field, the ids to put in `supersedes` of the next `case.field.set`. */
  fieldHeads: Record<CaseField, string[]>;
  conflicts: CaseConflict[];
};

export type CaseSummary = {
  id: string;
  title: string;
  category: CaseFieldValues['category'];
  priority: CaseFieldValues['priority'];
  status: CaseFieldValues['status'];
  site: string;
  updatedAt: string;
  openedAt: string;
  eventCount: number;
  conflictCount: number;
};


type Write<V> = { event: CaseEvent; value: V; supersedes: readonly string[] | null };
type Resolved<V> = { winner: Write<V>; heads: string[]; losers: Write<V>[] };

/** Resolves one multi-value register; `writes` holds at least one base and is in event order. */
function resolve<V>(writes: readonly Write<V>[]): Resolved<V> {
  const bases = writes.filter((w) => w.supersedes === null);
  const later = writes.filter((w) => w.supersedes !== null);
  let heads: Write<V>[];
  let winner: Write<V>;
  if (later.length === 0) {
    heads = bases;
    winner = first(bases);
  } else {
    const superseded = new Set<string>();
    for (const w of later) for (const id of w.supersedes ?? []) if (id !== w.event.id) superseded.add(id);
    heads = later.filter((w) => !superseded.has(w.event.id));
    // Writes that supersede each other in a circle cannot come from honest
    // devices; keep them all visible rather than pick one silently.
    if (heads.length === 0) heads = later;
    winner = last(heads);
  }
  // One head has no rival; encoding values to compare them is the costly part of a large fold.
  if (heads.length === 1) return { winner, heads: [winner.event.id], losers: [] };
  const shown = canonicalJson(winner.value);
  const losers = heads.filter((w) => w !== winner && canonicalJson(w.value) !== shown);
  return { winner, heads: heads.map((w) => w.event.id), losers };
}

function first<T>(list: readonly T[]): T {
  const item = list[0];
  if (item === undefined) throw new Error('Empty register');
  return item;
}

function last<T>(list: readonly T[]): T {
  return first(list.slice(-1));
}

function ref<V>(w: Write<V>): WriteRef<V> {
  return { eventId: w.event.id, device: w.event.device, actor: w.event.actor, hlc: w.event.hlc, value: w.value };
}

function ofType<T extends CaseEventType>(events: readonly CaseEvent[], type: T): CaseEventOf<T>[] {
  return events.filter((e): e is CaseEventOf<T> => e.type === type);
}



function openedValue(payload: CaseEventOf<'case.opened'>['payload'], field: CaseField): FieldValue {
  switch (field) {
    case 'constituency':
    case 'reporter':
    case 'summary':
      return payload[field] ?? '';
    case 'assignees':
      return [...(payload.assignees ?? [])];
    case 'title':
    case 'category':
    case 'priority':
    case 'status':
    case 'site':
      return payload[field];
  }
}

/**
 * Which part of the case state an event belongs to, for folding only part of
 * a case: the fields (every field write resolves with the others and the
 * opening), one note, one timeline entry, or null for events that bear on no
 * field and no conflict (retractions, evidence, checklists…). Folding the
 * events of some scopes gives exactly the values and conflicts of those
 * scopes that folding the whole case gives.
 */
export function foldScope(event: CaseEvent): string | null {
  switch (event.type) {
    case 'case.opened':
    case 'case.field.set':
      return FIELDS_SCOPE;
    case 'note.added':
    case 'note.edited':
      return `note:${event.payload.noteId}`;
    case 'timeline.added':
    case 'timeline.edited':
      return `timeline:${event.payload.entryId}`;
    // Listed one by one: a new kind of event must be placed here knowingly.
    case 'entry.retracted':
    case 'playbook.attached':
    case 'checklist.step.set':
    case 'checklist.decision':
    case 'evidence.registered':
    case 'evidence.updated':
    case 'evidence.file.attached':
    case 'evidence.intake.stopped':
    case 'evidence.verified':
    case 'evidence.accessed':
    case 'evidence.exported':
    case 'custody.transferred':
    case 'record.added':
    case 'record.updated':
    case 'records.imported':
      return null;
  }
}

export const FIELDS_SCOPE = 'fields';

export function foldCase(input: readonly CaseEvent[]): CaseState | null {
  const all = inFoldOrder(input);
  const opening = all.find((e) => e.type === 'case.opened');
  if (!opening) return null;
  const events = all.filter((e) => e.caseId === opening.caseId);
  const openings = ofType(events, 'case.opened');
  const fieldSets = ofType(events, 'case.field.set');

  const conflicts: CaseConflict[] = [];
  const values: Partial<Record<CaseField, FieldValue>> = {};
  const fieldHeads: Partial<Record<CaseField, string[]>> = {};
  for (const field of caseFields) {
    const writes: Write<FieldValue>[] = [
      ...openings.map((e) => ({ event: e, value: openedValue(e.payload, field), supersedes: null })),
      ...fieldSets
        .filter((e) => e.payload.field === field)
        .map((e) => ({ event: e, value: copyValue(e.payload.value), supersedes: e.payload.supersedes })),
    ];
    const { winner, heads, losers } = resolve(writes);
    values[field] = winner.value;
    fieldHeads[field] = heads;
    if (losers.length > 0) conflicts.push({ kind: 'field', field, winner: ref(winner), losers: losers.map(ref) });
  }

  const retractions = groupBy(ofType(events, 'entry.retracted'), (e) => e.payload.target);
  const retractionOf = (id: string): Retraction | undefined => {
    const e = retractions.get(id)?.[0];
    return e && { reason: e.payload.reason, by: e.actor, device: e.device, at: hlcToIso(e.hlc), eventId: e.id };
  };

  const noteEdits = groupBy(ofType(events, 'note.edited'), (e) => e.payload.noteId);
  const notes: NoteState[] = [];
  for (const [id, added] of groupBy(ofType(events, 'note.added'), (e) => e.payload.noteId)) {
    const writes: Write<string>[] = [
      ...added.map((e) => ({ event: e, value: e.payload.text, supersedes: null })),
      ...(noteEdits.get(id) ?? []).map((e) => ({ event: e, value: e.payload.text, supersedes: e.payload.supersedes })),
    ];
    const { winner, heads, losers } = resolve(writes);
    notes.push({ id, text: winner.value, ...entryCommon(first(added), winner, heads, retractionOf(id)) });
    if (losers.length > 0) conflicts.push({ kind: 'note', noteId: id, winner: ref(winner), losers: losers.map(ref) });
  }

  const timelineEdits = groupBy(ofType(events, 'timeline.edited'), (e) => e.payload.entryId);
  const entries: { entry: TimelineEntryState; conflict?: CaseConflict; ms: number }[] = [];
  for (const [id, added] of groupBy(ofType(events, 'timeline.added'), (e) => e.payload.entryId)) {
    const value = (e: CaseEventOf<'timeline.added' | 'timeline.edited'>) => ({ at: e.payload.at, text: e.payload.text });
    const writes: Write<TimelineValue>[] = [
      ...added.map((e) => ({ event: e, value: value(e), supersedes: null })),
      ...(timelineEdits.get(id) ?? []).map((e) => ({ event: e, value: value(e), supersedes: e.payload.supersedes })),
    ];
    const { winner, heads, losers } = resolve(writes);
    const entry = { id, at: winner.value.at, text: winner.value.text, ...entryCommon(first(added), winner, heads, retractionOf(id)) };
    const conflict: CaseConflict | undefined =
      losers.length > 0 ? { kind: 'timeline', entryId: id, winner: ref(winner), losers: losers.map(ref) } : undefined;
    entries.push({ entry, ms: Date.parse(entry.at), ...(conflict ? { conflict } : {}) });
  }
  // Stable sort: entries at the same instant stay in order of addition.
  entries.sort((a, b) => a.ms - b.ms);
  for (const { conflict } of entries) if (conflict) conflicts.push(conflict);

  const latest = events[events.length - 1] ?? opening;
  return {
    ...(values as CaseFieldValues),
    id: opening.caseId,
    openedAt: hlcToIso(opening.hlc),
    openedBy: opening.actor,
    updatedAt: hlcToIso(latest.hlc),
    eventCount: events.length,
    devices: [...new Set(events.map((e) => e.device))].sort(),
    notes,
    timeline: entries.map((e) => e.entry),
    fieldHeads: fieldHeads as Record<CaseField, string[]>,
    conflicts,
  };
}

function copyValue(value: FieldValue): FieldValue {
  return typeof value === 'string' ? value : [...value];
}

function entryCommon<V>(
  added: CaseEvent,
  winner: Write<V>,
  heads: string[],
  retracted: Retraction | undefined,
): Omit<EntryCommon, 'id' | 'text'> {
  const edited = winner.event.id !== added.id && winner.supersedes !== null;
  return {
    author: added.actor,
    device: added.device,
    addedAt: hlcToIso(added.hlc),
    ...(edited ? { editedAt: hlcToIso(winner.event.hlc), editedBy: winner.event.actor } : {}),
    ...(retracted ? { retracted } : {}),
    heads,
  };
}

export function caseSummary(state: CaseState): CaseSummary {
  const { id, title, category, priority, status, site, updatedAt, openedAt, eventCount } = state;
  return { id, title, category, priority, status, site, updatedAt, openedAt, eventCount, conflictCount: state.conflicts.length };
}

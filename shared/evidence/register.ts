/**
 * Per-field multi-value registers for evidence items and investigation
 * records, with the rules of shared/events/fold.ts: the first event
 * (`*.registered`, `record.added`) is the base of every field; each later
 * write changes some fields and names in `supersedes` the events its author
 * saw as current. For each register, the writes that touch it and are named
 * by no other write touching it are its heads; the head with the greatest
 * (hlc, device, id) wins, and heads holding other values are kept as
 * conflicts until a write superseding all of them resolves them.
 * Fields that always change together (an indicator's type, value and
 * original text) form one register.
 */
import { canonicalJson } from '../events/canonical';

export type WriteEvent = { readonly id: string; readonly device: string; readonly actor: string; readonly hlc: string };

/** One write: the fields it sets; `supersedes` is null for the base. */
export type FieldWrite = { event: WriteEvent; values: Readonly<Record<string, unknown>>; supersedes: readonly string[] | null };

export type RegisterWriteRef = { eventId: string; device: string; actor: string; hlc: string; values: Record<string, unknown> };

/** Concurrent writes of one register that disagree; the winner is shown, the losers are kept for review. */
export type FieldConflict = { register: string; fields: string[]; winner: RegisterWriteRef; losers: RegisterWriteRef[] };

export type ResolvedFields = {
  values: Record<string, unknown>;
  /** Ids to put in `supersedes` of the next change, resolving every conflict. */
  heads: string[];
  conflicts: FieldConflict[];
  /** The latest write that is shown for some field, when it is not the base. */
  lastEdit: WriteEvent | null;
};

function pick(values: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (Object.hasOwn(values, f)) out[f] = values[f];
  return out;
}

function ref(write: FieldWrite, fields: readonly string[]): RegisterWriteRef {
  const { id, device, actor, hlc } = write.event;
  return { eventId: id, device, actor, hlc, values: pick(write.values, fields) };
}

/** `writes` are in fold order (hlc, device, id) and hold at least one base. */
export function resolveFields(writes: readonly FieldWrite[], fields: readonly string[], registerOf: (field: string) => string = (f) => f): ResolvedFields {
  const registers = new Map<string, string[]>();
  for (const field of fields) {
    const key = registerOf(field);
    registers.set(key, [...(registers.get(key) ?? []), field]);
  }
  const values: Record<string, unknown> = {};
  const heads = new Set<string>();
  const conflicts: FieldConflict[] = [];
  let lastEdit: WriteEvent | null = null;
  let lastEditIndex = -1;
  for (const [register, members] of registers) {
    const touching = writes.filter((w) => w.supersedes === null || members.some((f) => Object.hasOwn(w.values, f)));
    const bases = touching.filter((w) => w.supersedes === null);
    const later = touching.filter((w) => w.supersedes !== null);
    let registerHeads: FieldWrite[];
    let winner: FieldWrite | undefined;
    if (later.length === 0) {
      registerHeads = bases;
      winner = bases[0];
    } else {
      const superseded = new Set<string>();
      for (const w of later) for (const id of w.supersedes ?? []) if (id !== w.event.id) superseded.add(id);
      registerHeads = later.filter((w) => !superseded.has(w.event.id));
      // Writes superseding each other in a circle cannot come from honest devices: keep them all visible.
      if (registerHeads.length === 0) registerHeads = later;
      winner = registerHeads[registerHeads.length - 1];
    }
    if (!winner) throw new Error('A register needs a base write');
    const base = bases[0];
    for (const field of members) values[field] = Object.hasOwn(winner.values, field) ? winner.values[field] : base?.values[field];
    for (const h of registerHeads) heads.add(h.event.id);
    const shown = canonicalJson(pick(winner.values, members));
    const losers = registerHeads.filter((w) => w !== winner && canonicalJson(pick(w.values, members)) !== shown);
    if (losers.length > 0) conflicts.push({ register, fields: members, winner: ref(winner, members), losers: losers.map((l) => ref(l, members)) });
    if (winner.supersedes !== null) {
      const index = writes.indexOf(winner);
      if (index > lastEditIndex) {
        lastEditIndex = index;
        lastEdit = winner.event;
      }
    }
  }
  return { values, heads: [...heads].sort(), conflicts, lastEdit };
}

/**
 * Hash-chain checks over the events of one case.
 *
 * Each device's events in a case form a chain: an event's `prev` is the hash
 * of the same device's previous event, null for its first. A sound chain has
 * exactly one first event, no two events with the same `prev`, no link to an
 * unknown or foreign event, and strictly increasing clocks along the links.
 * Anything else is reported, never repaired: whether a problem rejects a
 * bundle or is only shown is the caller's decision.
 *
 * No cryptography here (shared/ is pure); to re-verify stored hashes pass
 * `hashOf`, e.g. `(e) => sha256hex(eventHashInput(e))` from Node.
 */
import { compareEventOrder, compareStrings } from './event';
import { addTo, groupBy } from './group';

/** The envelope fields the check needs; any case event fits. */
export type ChainEvent = {
  readonly id: string;
  readonly caseId: string;
  readonly device: string;
  readonly hlc: string;
  readonly prev: string | null;
  readonly hash: string;
};

export type ChainProblem =
  | { kind: 'wrong-case'; eventId: string; caseId: string }
  | { kind: 'duplicate-id'; eventId: string; hashes: string[] }
  | { kind: 'duplicate-hash'; hash: string; eventIds: string[] }
  | { kind: 'hash-mismatch'; eventId: string; stored: string; computed: string }
  | { kind: 'unknown-prev'; eventId: string; device: string; prev: string }
  | { kind: 'foreign-prev'; eventId: string; device: string; prev: string; prevDevice: string }
  | { kind: 'fork'; device: string; prev: string | null; eventIds: string[] }
  | { kind: 'clock-regression'; eventId: string; prevEventId: string }
  | { kind: 'unreachable'; device: string; eventIds: string[] };

export type DeviceChain = {
  device: string;
  /** Event ids in chain order (damaged chains: a deterministic depth-first order). */
  order: string[];
  /** Hashes of the events nothing links to; a sound chain has one, the next event's `prev`. */
  tips: string[];
};

export type ChainReport = { ok: boolean; chains: DeviceChain[]; problems: ChainProblem[] };

export type ChainCheckOptions<E extends ChainEvent> = {
  readonly caseId: string;
  readonly hashOf?: (event: E) => string;
};

export function checkChains<E extends ChainEvent>(events: readonly E[], options: ChainCheckOptions<E>): ChainReport {
  const problems: ChainProblem[] = [];
  const sorted = [...events].sort((a, b) => compareEventOrder(a, b) || compareStrings(a.hash, b.hash));

  const byId = new Map<string, E>();
  const hashesById = new Map<string, Set<string>>();
  for (const e of sorted) {
    hashesById.set(e.id, (hashesById.get(e.id) ?? new Set()).add(e.hash));
    if (!byId.has(e.id)) byId.set(e.id, e);
  }
  for (const [id, hashes] of hashesById) {
    if (hashes.size > 1) problems.push({ kind: 'duplicate-id', eventId: id, hashes: [...hashes].sort() });
  }

  const unique: E[] = [];
  for (const e of byId.values()) {
    if (e.caseId !== options.caseId) problems.push({ kind: 'wrong-case', eventId: e.id, caseId: e.caseId });
    else unique.push(e);
  }

  if (options.hashOf) {
    for (const e of unique) {
      const computed = options.hashOf(e);
      if (computed !== e.hash) problems.push({ kind: 'hash-mismatch', eventId: e.id, stored: e.hash, computed });
    }
  }

  const byHash = new Map<string, E>();
  for (const [hash, group] of groupBy(unique, (e) => e.hash)) {
    const firstEvent = group[0];
    if (firstEvent) byHash.set(hash, firstEvent);
    if (group.length > 1) problems.push({ kind: 'duplicate-hash', hash, eventIds: group.map((e) => e.id) });
  }

  const chains: DeviceChain[] = [];
  const devices = groupBy(unique, (e) => e.device);
  for (const device of [...devices.keys()].sort()) {
    chains.push(checkDevice(device, devices.get(device) ?? [], byHash, problems));
  }
  return { ok: problems.length === 0, chains, problems };
}

function checkDevice<E extends ChainEvent>(
  device: string,
  events: readonly E[],
  byHash: ReadonlyMap<string, E>,
  problems: ChainProblem[],
): DeviceChain {
  const firsts: E[] = [];
  const detached: E[] = [];
  const children = new Map<string, E[]>();
  for (const e of events) {
    if (e.prev === null) {
      firsts.push(e);
      continue;
    }
    const parent = byHash.get(e.prev);
    if (!parent) {
      problems.push({ kind: 'unknown-prev', eventId: e.id, device, prev: e.prev });
      detached.push(e);
    } else if (parent.device !== device) {
      problems.push({ kind: 'foreign-prev', eventId: e.id, device, prev: e.prev, prevDevice: parent.device });
      detached.push(e);
    } else {
      addTo(children, e.prev, e);
      if (e.hlc <= parent.hlc) problems.push({ kind: 'clock-regression', eventId: e.id, prevEventId: parent.id });
    }
  }
  if (firsts.length > 1) problems.push({ kind: 'fork', device, prev: null, eventIds: firsts.map((e) => e.id) });
  for (const [prev, list] of children) {
    if (list.length > 1) problems.push({ kind: 'fork', device, prev, eventIds: list.map((e) => e.id) });
  }

  // Iterative depth-first walk: a device may have many thousand events.
  const order: string[] = [];
  const visited = new Set<string>();
  const stack = [...firsts, ...detached].reverse();
  while (stack.length > 0) {
    const e = stack.pop();
    if (!e || visited.has(e.id)) continue;
    visited.add(e.id);
    order.push(e.id);
    stack.push(...[...(children.get(e.hash) ?? [])].reverse());
  }
  // Only events linked in a circle (possible with forged hashes) are never reached.
  const unreachable = events.filter((e) => !visited.has(e.id)).map((e) => e.id);
  if (unreachable.length > 0) problems.push({ kind: 'unreachable', device, eventIds: unreachable });

  const tips = events.filter((e) => !children.has(e.hash)).map((e) => e.hash);
  return { device, order, tips };
}



/** What checking new events against the stored chains needs to know of the stored events. */
export type StoredChains = {
  /** The stored event with this hash, if there is one. */
  byHash(hash: string): ChainEvent | undefined;
  /** Hash of the device's newest stored event (the only one nothing links to yet), null if it has none. */
  tipOf(device: string): string | null;
};

export type ExtensionReport = { ok: boolean; problems: ChainProblem[] };

/**
 * Checks that `fresh` events (none of them stored yet) extend sound stored
 * chains soundly, looking only at the new events and the stored events they
 * link to: for a case of 100,000 events, re-checking every chain on each
 * import would cost more than the import. Stored chains are linear (nothing
 * forked is ever stored), so a new event may follow a stored one only if it
 * is its device's tip, and start a chain only if its device has none here.
 */
export function checkExtension<E extends ChainEvent>(fresh: readonly E[], stored: StoredChains, options: { readonly caseId: string }): ExtensionReport {
  const problems: ChainProblem[] = [];
  const byHash = new Map<string, E>();
  const ids = new Set<string>();
  for (const e of fresh) {
    if (e.caseId !== options.caseId) problems.push({ kind: 'wrong-case', eventId: e.id, caseId: e.caseId });
    if (ids.has(e.id)) problems.push({ kind: 'duplicate-id', eventId: e.id, hashes: [e.hash] });
    ids.add(e.id);
    const twin = byHash.get(e.hash) ?? stored.byHash(e.hash);
    if (twin) problems.push({ kind: 'duplicate-hash', hash: e.hash, eventIds: [twin.id, e.id] });
    else byHash.set(e.hash, e);
  }
  const children = new Map<string, E[]>();
  const firsts = new Map<string, E[]>();
  for (const e of fresh) {
    if (e.prev === null) {
      addTo(firsts, e.device, e);
      continue;
    }
    const parent: ChainEvent | undefined = byHash.get(e.prev) ?? stored.byHash(e.prev);
    if (!parent) {
      problems.push({ kind: 'unknown-prev', eventId: e.id, device: e.device, prev: e.prev });
      continue;
    }
    if (parent.device !== e.device) {
      problems.push({ kind: 'foreign-prev', eventId: e.id, device: e.device, prev: e.prev, prevDevice: parent.device });
      continue;
    }
    if (e.hlc <= parent.hlc) problems.push({ kind: 'clock-regression', eventId: e.id, prevEventId: parent.id });
    addTo(children, e.prev, e);
  }
  for (const [device, list] of firsts) {
    if (list.length > 1 || stored.tipOf(device) !== null) problems.push({ kind: 'fork', device, prev: null, eventIds: list.map((e) => e.id) });
  }
  for (const [prev, list] of children) {
    const storedParent = !byHash.has(prev) ? stored.byHash(prev) : undefined;
    // A stored event that is not its device's tip already has a successor here.
    const takenHere = storedParent !== undefined && stored.tipOf(storedParent.device) !== prev;
    if (list.length > 1 || takenHere) problems.push({ kind: 'fork', device: list[0]?.device ?? '', prev, eventIds: list.map((e) => e.id) });
  }
  // Every new event must be reached from a chain start or a stored event;
  // only events linked in a circle (forged hashes) are not.
  const reached = new Set<string>();
  for (const e of fresh) {
    const startsHere = e.prev === null || !byHash.has(e.prev);
    if (!startsHere) continue;
    const walk: E[] = [e];
    while (walk.length > 0) {
      const next = walk.pop() as E;
      if (reached.has(next.id)) continue;
      reached.add(next.id);
      walk.push(...(children.get(next.hash) ?? []));
    }
  }
  const circular = fresh.filter((e) => !reached.has(e.id));
  if (circular.length > 0) problems.push({ kind: 'unreachable', device: circular[0]?.device ?? '', eventIds: circular.map((e) => e.id) });
  return { ok: problems.length === 0, problems };
}

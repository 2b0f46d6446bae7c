/**
 * One open case: its journal, its events in journal order, and a memo of
 * the folded state. A journal record holds the JSON of one event, or of
 * several events one per line (an import writes its events in records of
 * up to RECORD_TARGET_BYTES: one seal per event cost a merge of 100,000
 * events about a second). The journal's AEAD already authenticates them,
 * and every event was validated before it was written, so opening
 * re-validates only the shape.
 */
import { ApiFailure } from '../../../shared/api/errors';
import { compareEventOrder, validateCaseEvent, type CaseEvent } from '../../../shared/events/event';
import { foldCase, foldScope, type CaseState } from '../../../shared/events/fold';
import { addTo } from '../../../shared/events/group';
import { openJournal, type Journal } from './store/journal';

/** An import packs events into records up to about this size (one larger event gets a record of its own). */
const RECORD_TARGET_BYTES = 1024 * 1024;
/** An event's text as it arrived is stored as it is up to this length. */
const COMPACT_ABOVE_CHARS = 64 * 1024;

export type CaseLogOptions = { dir: string; caseId: string; key: Uint8Array; vaultId: string; expectedMinRecords?: number };

export class CaseLog {
  private readonly lastHashByDevice = new Map<string, string>();
  private orderedMemo: { count: number; events: CaseEvent[] } | null = null;
  private readonly derived = new Map<(events: readonly CaseEvent[]) => unknown, { count: number; value: unknown }>();
  private byId: Map<string, CaseEvent> | null = null;
  private byHash: Map<string, CaseEvent> | null = null;
  private latest: string | null = null;
  private byScope: Map<string, CaseEvent[]> | null = null;

  private constructor(
    private readonly journal: Journal,
    readonly events: CaseEvent[],
    /** Why the journal could only be opened for reading (a read-only folder), if it could not be written. */
    private readonly readOnlyReason: string | null,
  ) {
    for (const event of events) {
      this.lastHashByDevice.set(event.device, event.hash);
      if (this.latest === null || event.hlc > this.latest) this.latest = event.hlc;
    }
  }

  static async open(options: CaseLogOptions): Promise<CaseLog> {
    let journal: Journal;
    let readOnlyReason: string | null = null;
    try {
      journal = await openJournal(options);
    } catch (error) {
      // A vault on a write-protected stick or share can still be read.
      if (!(error instanceof ApiFailure) || error.code !== 'io') throw error;
      journal = await openJournal({ ...options, readOnly: true }).catch(() => {
        throw error;
      });
      readOnlyReason = error.message;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const events: CaseEvent[] = [];
    journal.records.forEach((record, recordNo) => {
      let text: string;
      try {
        text = decoder.decode(record);
      } catch {
        throw new ApiFailure('damaged', `${journal.file} is damaged: record ${recordNo} is not an event`);
      }
      for (let start = 0, line = 1; start <= text.length; line++) {
        const end = text.indexOf('\n', start);
        const json = end === -1 ? text.slice(start) : text.slice(start, end);
        start = end === -1 ? text.length + 1 : end + 1;
        const where = `record ${recordNo}${end === -1 && line === 1 ? '' : `, line ${line}`}`;
        let parsed: unknown;
        try {
          parsed = JSON.parse(json);
        } catch {
          throw new ApiFailure('damaged', `${journal.file} is damaged: ${where} is not an event`);
        }
        const checked = validateCaseEvent(parsed);
        if (!checked.ok || checked.event.caseId !== options.caseId) {
          throw new ApiFailure('damaged', `${journal.file} is damaged: ${where} is not a valid event of this case`);
        }
        events.push(checked.event);
      }
    });
    return new CaseLog(journal, events, readOnlyReason);
  }

  get file(): string {
    return this.journal.file;
  }

  /** Bytes of an incomplete last record found (and cut off) on open. */
  get tornBytes(): number {
    return this.journal.tornBytes;
  }

  /** Events in the case. */
  get count(): number {
    return this.events.length;
  }

  /** Records in its journal (an import writes several events per record). */
  get records(): number {
    return this.journal.count;
  }

  /** Hash of the device's latest event here: the `prev` of its next one. */
  lastHash(device: string): string | null {
    return this.lastHashByDevice.get(device) ?? null;
  }

  /** Latest HLC in the case, so the vault clock never issues an earlier one. */
  latestHlc(): string | null {
    return this.latest;
  }

  /** Durable before it resolves; the event is in memory only once it is on disk. */
  async append(event: CaseEvent): Promise<void> {
    if (this.readOnlyReason) throw new ApiFailure('io', `This case cannot be changed: ${this.readOnlyReason}`);
    await this.journal.append(Buffer.from(JSON.stringify(event), 'utf8'));
    this.added([event]);
  }

  /**
   * Several events with one durable write (imports); in memory only once on
   * disk. `arrivedAs` may give the JSON text an event arrived as, checked to
   * parse to that very event: it is stored as it is, not encoded again.
   */
  async appendMany(events: readonly CaseEvent[], arrivedAs?: ReadonlyMap<CaseEvent, string>): Promise<void> {
    if (events.length === 0) return;
    if (this.readOnlyReason) throw new ApiFailure('io', `This case cannot be changed: ${this.readOnlyReason}`);
    await this.journal.appendMany(packRecords(events, arrivedAs));
    this.added(events);
  }

  /** Keeps the lookups in step with the events (built once, then grown: a case may hold 100,000 events). */
  private added(events: readonly CaseEvent[]): void {
    for (const event of events) {
      this.events.push(event);
      this.lastHashByDevice.set(event.device, event.hash);
      this.byId?.set(event.id, event);
      this.byHash?.set(event.hash, event);
      if (this.byScope) addToScope(this.byScope, event);
      if (this.latest === null || event.hlc > this.latest) this.latest = event.hlc;
    }
  }

  /** The event with this id, if it is here. */
  find(id: string): CaseEvent | undefined {
    this.byId ??= new Map(this.events.map((e) => [e.id, e]));
    return this.byId.get(id);
  }

  /** The event with this hash, if it is here. */
  findByHash(hash: string): CaseEvent | undefined {
    this.byHash ??= new Map(this.events.map((e) => [e.hash, e]));
    return this.byHash.get(hash);
  }

  /** The events of the given fold scopes (see foldScope), in journal order. */
  inScopes(scopes: Iterable<string>): CaseEvent[] {
    const byScope = this.scopes();
    const events: CaseEvent[] = [];
    for (const scope of scopes) events.push(...(byScope.get(scope) ?? []));
    return events;
  }

  /** How many events the fold scope holds. */
  scopeSize(scope: string): number {
    return this.scopes().get(scope)?.length ?? 0;
  }

  private scopes(): Map<string, CaseEvent[]> {
    if (!this.byScope) {
      this.byScope = new Map();
      for (const event of this.events) addToScope(this.byScope, event);
    }
    return this.byScope;
  }

  state(): CaseState | null {
    return this.derive(foldCase);
  }

  /**
   * A fold of the case's events (in fold order), computed once per change
   * of the case: the case view, the checklists and the import report all
   * ask for the same folds of the same events.
   */
  derive<T>(fold: (events: readonly CaseEvent[]) => T): T {
    const memo = this.derived.get(fold);
    if (memo?.count === this.events.length) return memo.value as T;
    const value = fold(this.ordered());
    this.derived.set(fold, { count: this.events.length, value });
    return value;
  }

  /**
   * Events in the order of the fold (hlc, device, id), oldest first. The
   * journal only grows, so the events added since the last call are sorted
   * on their own and merged in; a fresh array each time, as callers keep it.
   */
  ordered(): CaseEvent[] {
    const memo = this.orderedMemo;
    if (memo?.count === this.events.length) return memo.events;
    const events = memo ? mergeOrdered(memo.events, this.events.slice(memo.count).sort(compareEventOrder)) : [...this.events].sort(compareEventOrder);
    this.orderedMemo = { count: this.events.length, events };
    return events;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

/** Merges two lists already in fold order. */
function mergeOrdered(a: readonly CaseEvent[], b: readonly CaseEvent[]): CaseEvent[] {
  const out = new Array<CaseEvent>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  // The common case: everything added sorts after what was there.
  if (b.length === 0 || a.length === 0 || compareEventOrder(a[a.length - 1] as CaseEvent, b[0] as CaseEvent) < 0) return [...a, ...b];
  while (i < a.length && j < b.length) out[k++] = compareEventOrder(a[i] as CaseEvent, b[j] as CaseEvent) <= 0 ? (a[i++] as CaseEvent) : (b[j++] as CaseEvent);
  while (i < a.length) out[k++] = a[i++] as CaseEvent;
  while (j < b.length) out[k++] = b[j++] as CaseEvent;
  return out;
}

function addToScope(scopes: Map<string, CaseEvent[]>, event: CaseEvent): void {
  const scope = foldScope(event);
  if (scope !== null) addTo(scopes, scope, event);
}

/** The events as records of one or more lines each, in order. */
function packRecords(events: readonly CaseEvent[], arrivedAs: ReadonlyMap<CaseEvent, string> | undefined): Buffer[] {
  const records: Buffer[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const event of events) {
    const given = arrivedAs?.get(event);
    // A text padded far beyond its event (whitespace is valid JSON) is written compactly instead.
    const json = given !== undefined && given.length <= COMPACT_ABOVE_CHARS ? given : JSON.stringify(event);
    if (lines.length > 0 && bytes + json.length > RECORD_TARGET_BYTES) {
      records.push(Buffer.from(lines.join('\n'), 'utf8'));
      lines = [];
      bytes = 0;
    }
    lines.push(json);
    bytes += json.length + 1;
  }
  if (lines.length > 0) records.push(Buffer.from(lines.join('\n'), 'utf8'));
  return records;
}

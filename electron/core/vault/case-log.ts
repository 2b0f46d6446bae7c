/**
 * One open case: its journal, its events in journal order, and a memo of
 * the folded state. Journal records are the JSON of one event each; the
 * journal's AEAD already authenticates them, and every event was validated
 * before it was written, so opening re-validates only the shape.
 */
import { ApiFailure } from '../../../shared/api/errors';
import { compareEventOrder, validateCaseEvent, type CaseEvent } from '../../../shared/events/event';
import { foldCase, type CaseState } from '../../../shared/events/fold';
import { openJournal, type Journal } from './store/journal';

export type CaseLogOptions = { dir: string; caseId: string; key: Uint8Array; vaultId: string; expectedMinRecords?: number };

export class CaseLog {
  private readonly lastHashByDevice = new Map<string, string>();
  private stateMemo: { count: number; state: CaseState | null } | null = null;
  private orderedMemo: { count: number; events: CaseEvent[] } | null = null;
  private byId: Map<string, CaseEvent> | null = null;

  private constructor(
    private readonly journal: Journal,
    readonly events: CaseEvent[],
    /** Why the journal could only be opened for reading (a read-only folder), if it could not be written. */
    private readonly readOnlyReason: string | null,
  ) {
    for (const event of events) this.lastHashByDevice.set(event.device, event.hash);
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
    const events = journal.records.map((record, recordNo) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(record));
      } catch {
        throw new ApiFailure('damaged', `${journal.file} is damaged: record ${recordNo} is not an event`);
      }
      const checked = validateCaseEvent(parsed);
      if (!checked.ok || checked.event.caseId !== options.caseId) {
        throw new ApiFailure('damaged', `${journal.file} is damaged: record ${recordNo} is not a valid event of this case`);
      }
      return checked.event;
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

  get count(): number {
    return this.events.length;
  }

  /** Hash of the device's latest event here: the `prev` of its next one. */
  lastHash(device: string): string | null {
    return this.lastHashByDevice.get(device) ?? null;
  }

  /** Latest HLC in the case, so the vault clock never issues an earlier one. */
  latestHlc(): string | null {
    let latest: string | null = null;
    for (const event of this.events) if (latest === null || event.hlc > latest) latest = event.hlc;
    return latest;
  }

  /** Durable before it resolves; the event is in memory only once it is on disk. */
  async append(event: CaseEvent): Promise<void> {
    if (this.readOnlyReason) throw new ApiFailure('io', `This case cannot be changed: ${this.readOnlyReason}`);
    await this.journal.append(Buffer.from(JSON.stringify(event), 'utf8'));
    this.events.push(event);
    this.lastHashByDevice.set(event.device, event.hash);
  }

  /** Several events with one durable write (imports); in memory only once on disk. */
  async appendMany(events: readonly CaseEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.readOnlyReason) throw new ApiFailure('io', `This case cannot be changed: ${this.readOnlyReason}`);
    await this.journal.appendMany(events.map((event) => Buffer.from(JSON.stringify(event), 'utf8')));
    for (const event of events) {
      this.events.push(event);
      this.lastHashByDevice.set(event.device, event.hash);
    }
  }

  /** Whether an event with this id is here, and if so whether it is the very same event. */
  find(id: string): CaseEvent | undefined {
    if (!this.byId || this.byId.size !== this.events.length) this.byId = new Map(this.events.map((e) => [e.id, e]));
    return this.byId.get(id);
  }

  state(): CaseState | null {
    if (this.stateMemo?.count !== this.events.length) {
      this.stateMemo = { count: this.events.length, state: foldCase(this.events) };
    }
    return this.stateMemo.state;
  }

  /** Events in the order of the fold (hlc, device, id), oldest first. */
  ordered(): CaseEvent[] {
    if (this.orderedMemo?.count !== this.events.length) {
      this.orderedMemo = { count: this.events.length, events: [...this.events].sort(compareEventOrder) };
    }
    return this.orderedMemo.events;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

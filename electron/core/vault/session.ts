/**
 * An unlocked vault: the data key, the device key, the index and the open
 * case journals. Every change to a case goes through `append`, which makes a
 * signed, chained event, writes it durably to the case's journal, and only
 * then updates the in-memory summary (the index follows in the background).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from '../../../shared/api/errors';
import type { CaseListItem, HistoryPage } from '../../../shared/api/schemas';
import type { StoredChains } from '../../../shared/events/chain';
import { describeEvent } from '../../../shared/events/describe';
import { compareEventOrder, type CaseEvent, type CaseEventType, type PayloadOf } from '../../../shared/events/event';
import { caseSummary, FIELDS_SCOPE, foldCase, foldScope, type CaseConflict, type CaseState } from '../../../shared/events/fold';
import { bearsOnChecklists, checklistConflictCount, checklistSummary } from '../../../shared/playbooks/checklist-fold';
import { formatHlc, hlcToIso, initialHlc, parseHlc, receive, tick, type Hlc } from '../../../shared/events/hlc';
import { checkClockBounds, DEFAULT_MAX_CLOCK_AHEAD_HOURS } from '../../../shared/events/clock-bounds';
import { jobsFor } from '../jobs/job-runner';
import { CaseLog } from './case-log';
import { makeEvent } from './event-factory';
import type { IndexStore} from './index-store';
import { DEFAULT_SYNC_EVERY_MINUTES, type IndexedCase, type VaultSettings } from './index-store';
import type { DeviceKey } from './store/device-key';
import type { Enrolment } from '../../../shared/team/enrolment';
import { ioFailure } from './store/io-error';
import { isReadOnly, markReadOnly, writeRefusal } from './store/read-only-keys';

export const CASES_DIR = 'cases';
const OPEN_LOGS = 32;
const IMPORTED_BUNDLES_KEPT = 1000;

export type ImportedEvents = { added: CaseEvent[]; duplicates: number; conflicts: CaseConflict[] };

export type StoredEvents = StoredChains & { find(id: string): CaseEvent | undefined };

export type SessionParts = { dir: string; vaultId: string; dataKey: Buffer; device: DeviceKey; index: IndexStore; readOnly?: boolean };

export class VaultSession {
  readonly dir: string;
  readonly vaultId: string;
  readonly device: DeviceKey;
  readonly index: IndexStore;
  /** Opened without the writer lock: every write is refused (store/read-only-keys.ts). */
  readonly readOnly: boolean;
  private readonly dataKey: Buffer;
  private readonly casesDir: string;
  private readonly logs = new Map<string, Promise<CaseLog>>();
  private readonly dirty = new Set<string>();
  private readonly appending = new Map<string, Promise<void>>();
  private clock: Hlc;
  private closed = false;
  private enrolment: Enrolment | null = null;

  constructor(parts: SessionParts) {
    this.dir = parts.dir;
    this.vaultId = parts.vaultId;
    this.dataKey = parts.dataKey;
    this.device = parts.device;
    this.index = parts.index;
    this.readOnly = parts.readOnly === true;
    if (this.readOnly) markReadOnly(parts.dataKey);
    this.casesDir = path.join(parts.dir, CASES_DIR);
    this.clock = parts.index.data.clock ? parseHlc(parts.index.data.clock) : initialHlc;
    this.index.prepare = () => this.recordJournalSizes();
  }

  get settings(): VaultSettings {
    // Vaults made before a setting existed get its default.
    const stored = this.index.data.settings;
    return { ...stored, actorRole: stored.actorRole ?? '', maxClockAheadHours: stored.maxClockAheadHours ?? DEFAULT_MAX_CLOCK_AHEAD_HOURS, syncEveryMinutes: stored.syncEveryMinutes ?? DEFAULT_SYNC_EVERY_MINUTES };
  }

  /** This device's entry in the team roster it holds, or null (no team, not enrolled, or revoked). */
  get enrolledAs(): Enrolment | null {
    return this.enrolment;
  }

  setEnrolment(enrolment: Enrolment | null): void {
    this.enrolment = enrolment;
  }

  /**
   * The name this session signs with (events, custody, exports): the roster's
   * name for this device once it is enrolled, so that the whole team reads the
   * name the coordinator approved; until then the one chosen in Settings.
   */
  get actorName(): string {
    return this.enrolment?.name ?? this.settings.actorName;
  }

  updateSettings(update: Partial<VaultSettings>): VaultSettings {
    if (isReadOnly(this.dataKey)) throw writeRefusal(this.dataKey, 'change settings');
    const next = this.settings;
    if (update.idleLockMinutes !== undefined) next.idleLockMinutes = update.idleLockMinutes;
    if (update.actorName !== undefined) next.actorName = update.actorName;
    if (update.actorRole !== undefined) next.actorRole = update.actorRole;
    if (update.maxClockAheadHours !== undefined) next.maxClockAheadHours = update.maxClockAheadHours;
    if (update.syncEveryMinutes !== undefined) next.syncEveryMinutes = update.syncEveryMinutes;
    this.index.data.settings = next;
    this.index.touch();
    return next;
  }

  /**
   * Brings the index in line with the journals on disk: cases it does not
   * know are read and summarised, and known cases whose journal changed
   * size since the index was written (a crash before a background write)
   * are summarised again. Returns notices for the user.
   */
  async reconcile(): Promise<string[]> {
    if (!this.readOnly) await mkdir(this.casesDir, { recursive: true, mode: 0o700 });
    const names = (await readdir(this.casesDir).catch((error: NodeJS.ErrnoException) => (this.readOnly && error.code === 'ENOENT' ? [] : Promise.reject(error)))).filter((n) => n.endsWith('.journal'));
    const onDisk = new Set(names.map((n) => n.slice(0, -'.journal'.length)));
    const notices: string[] = [];
    let changed = false;
    const indexed = this.index.data.cases;
    for (const id of Object.keys(indexed)) {
      if (!onDisk.has(id)) {
        const entry = indexed[id];
        if (entry) entry.problem = `The journal of this case (${path.join(this.casesDir, `${id}.journal`)}) is missing`;
        notices.push(`The journal of case “${entry?.title ?? id}” is missing from ${this.casesDir}`);
        changed = true;
      }
    }
    const sizes = await this.journalSizes([...onDisk]);
    for (const [id, size] of sizes) {
      const known = indexed[id];
      if (known && known.bytes === size && !known.problem) continue;
      await this.refreshSummary(id, size);
      changed = true;
      const problem = this.index.data.cases[id]?.problem;
      if (problem) notices.push(problem);
    }
    if (changed) this.index.touch();
    return notices;
  }

  /** Sizes of the journals of `ids`, statted a few hundred at a time. */
  private async journalSizes(ids: string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 256) {
      const batch = ids.slice(i, i + 256);
      const found = await Promise.all(batch.map((id) => stat(path.join(this.casesDir, `${id}.journal`)).then((s) => s.size, () => -1)));
      batch.forEach((id, n) => sizes.set(id, found[n] ?? -1));
    }
    return sizes;
  }

  /** Before each index write: the size of every journal changed since, so the next unlock can tell what moved. */
  private async recordJournalSizes(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const [id, size] of await this.journalSizes(ids)) {
      const entry = this.index.data.cases[id];
      if (entry) entry.bytes = size;
    }
  }

  listCases(): CaseListItem[] {
    return Object.values(this.index.data.cases)
      .map(({ records: _records, bytes: _bytes, ...item }) => item)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }

  async getCase(caseId: string): Promise<CaseState> {
    const log = await this.log(caseId);
    const state = log.state();
    if (!state) throw new ApiFailure('damaged', `${log.file} holds no opening event for this case`);
    this.remember(caseId, log, state);
    return state;
  }

  /** Every event of a case in fold order (hlc, device, id), for the domain folds (checklists, evidence…). */
  async caseEvents(caseId: string): Promise<readonly CaseEvent[]> {
    return (await this.log(caseId)).ordered();
  }

  /** Lookups into a case's stored events, for checking events that arrive from elsewhere; null when the case is not here. */
  async storedEvents(caseId: string): Promise<StoredEvents | null> {
    if (!this.index.data.cases[caseId]) return null;
    const log = await this.log(caseId);
    return { find: (id) => log.find(id), byHash: (hash) => log.findByHash(hash), tipOf: (device) => log.lastHash(device) };
  }

  /** A fold of a case's events in fold order, computed once per change of the case. */
  async derive<T>(caseId: string, fold: (events: readonly CaseEvent[]) => T): Promise<T> {
    return (await this.log(caseId)).derive(fold);
  }

  /**
   * The vault's folder, data key and id, for core modules that keep encrypted
   * files of their own (the evidence blob store). Never leaves the core.
   */
  get storage(): { dir: string; key: Buffer; vaultId: string } {
    if (this.closed) throw new ApiFailure('vault_locked', 'The vault is locked; unlock it first');
    return { dir: this.dir, key: this.dataKey, vaultId: this.vaultId };
  }

  async history(caseId: string, offset: number, limit: number): Promise<HistoryPage> {
    const log = await this.log(caseId);
    const ordered = log.ordered();
    const overridden = new Set<string>();
    for (const conflict of log.state()?.conflicts ?? []) for (const loser of conflict.losers) overridden.add(loser.eventId);
    const items = [];
    for (let i = ordered.length - 1 - offset; i >= 0 && items.length < limit; i--) {
      const event = ordered[i] as CaseEvent;
      const item = { id: event.id, type: event.type, actor: event.actor, device: event.device, hlc: event.hlc, at: hlcToIso(event.hlc), text: describeEvent(event) };
      items.push(overridden.has(event.id) ? { ...item, overridden: true } : item);
    }
    return { total: ordered.length, offset, items };
  }

  async createCase(payload: PayloadOf<'case.opened'>): Promise<CaseState> {
    const caseId = randomUUID();
    await this.append(caseId, 'case.opened', payload, { create: true });
    return this.getCase(caseId);
  }

  /**
   * Records one change; resolves once it is durable. Appends to one case run
   * one after another, so each event's `prev` is the one written before it.
   */
  append<T extends CaseEventType>(caseId: string, type: T, payload: PayloadOf<T>, options: { create?: boolean } = {}): Promise<CaseEvent> {
    return this.serial(caseId, () => this.appendNow(caseId, type, payload, options));
  }

  /** Runs writes to one case one after another. */
  private serial<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.appending.get(caseId) ?? Promise.resolve();
    const next = previous.then(work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.appending.set(caseId, settled);
    void settled.then(() => {
      if (this.appending.get(caseId) === settled) this.appending.delete(caseId);
    });
    return next;
  }

  private async appendNow<T extends CaseEventType>(caseId: string, type: T, payload: PayloadOf<T>, options: { create?: boolean }): Promise<CaseEvent> {
    if (this.closed) throw new ApiFailure('vault_locked', 'The vault is locked; unlock it first');
    if (isReadOnly(this.dataKey)) throw writeRefusal(this.dataKey, options.create ? 'create a case' : 'change this case');
    if (!options.create && !this.index.data.cases[caseId]) throw new ApiFailure('not_found', `No case with id ${caseId}`);
    const log = await this.log(caseId, options.create === true);
    const latest = log.latestHlc();
    // The clock moves only once the write succeeded: a failed append leaves it where it was.
    const next = tick(latest && latest > formatHlc(this.clock) ? parseHlc(latest) : this.clock, Date.now());
    const event = makeEvent({ caseId, type, payload, actor: this.actorName, hlc: formatHlc(next), prev: log.lastHash(this.device.deviceId) }, this.device);
    // A checklist write may resolve a checklist conflict: the case list's count follows.
    const checklistBefore = bearsOnChecklists(event) ? log.derive(checklistConflictCount) : null;
    await log.append(event);
    this.clock = next;
    this.index.data.clock = event.hlc;
    this.noteAppended(caseId, log, event, checklistBefore);
    return event;
  }

  /**
   * Adds events written elsewhere (bundles, sync) to a case, creating it if
   * needed. The caller has verified hashes, signatures and chains. Events
   * already here are skipped; an event id that is here with different
   * content is refused before anything is written. The missing events are
   * written in fold order with one durable write.
   */
  importEvents(caseId: string, events: readonly CaseEvent[], arrivedAs?: ReadonlyMap<CaseEvent, string>): Promise<ImportedEvents> {
    return this.serial(caseId, () => this.importNow(caseId, events, arrivedAs));
  }

  private async importNow(caseId: string, events: readonly CaseEvent[], arrivedAs: ReadonlyMap<CaseEvent, string> | undefined): Promise<ImportedEvents> {
    if (this.closed) throw new ApiFailure('vault_locked', 'The vault is locked; unlock it first');
    if (isReadOnly(this.dataKey)) throw writeRefusal(this.dataKey, 'import events');
    const log = await this.log(caseId, true);
    const fresh = new Map<string, CaseEvent>();
    let duplicates = 0;
    for (const event of events) {
      if (event.caseId !== caseId) throw new ApiFailure('bad_request', `Event ${event.id} belongs to case ${event.caseId}, not ${caseId}`);
      const known = log.find(event.id) ?? fresh.get(event.id);
      if (known) {
        if (known.hash !== event.hash) throw new ApiFailure('bad_request', `Event ${event.id} arrived with content different from the copy already recorded`);
        duplicates++;
      } else {
        fresh.set(event.id, event);
      }
    }
    const added = [...fresh.values()].sort(compareEventOrder);
    // The bundle reader refuses such events first; this guards every other way in (sync) before anything is written.
    checkClockBounds(added, Date.now(), this.settings.maxClockAheadHours);
    await log.appendMany(added, arrivedAs);
    const latest = added[added.length - 1];
    if (latest && latest.hlc > formatHlc(this.clock)) this.clock = receive(this.clock, latest.hlc, Date.now());
    let conflicts: CaseConflict[] = [];
    if (added.length > 0) {
      conflicts = this.summariseImport(caseId, log, added);
      this.dirty.add(caseId);
      this.index.data.clock = formatHlc(this.clock);
      this.index.touch();
    }
    return { added, duplicates, conflicts };
  }

  /**
   * Brings the case summary up to date after an import by folding only the
   * scopes the added events belong to, and the fields the summary shows (see
   * foldScope): folding a 100,000-event case whole for each bundle made
   * merging many bundles quadratic. A new case, or one whose summary is not
   * trusted, is folded whole. Returns the conflicts the added events take
   * part in.
   */
  private summariseImport(caseId: string, log: CaseLog, added: readonly CaseEvent[]): CaseConflict[] {
    const ids = new Set(added.map((e) => e.id));
    const involving = (conflicts: readonly CaseConflict[]) => conflicts.filter((c) => ids.has(c.winner.eventId) || c.losers.some((l) => ids.has(l.eventId)));
    const previous = this.index.data.cases[caseId];
    const scopes = new Set([FIELDS_SCOPE]);
    for (const event of added) {
      const scope = foldScope(event);
      // A note or timeline entry written once has no conflict and no part in the summary: nothing to fold (a merge adds thousands).
      if (scope !== null && (scope === FIELDS_SCOPE || log.scopeSize(scope) > 1)) scopes.add(scope);
    }
    const scoped = log.inScopes(scopes);
    const before = previous && !previous.problem ? foldCase(scoped.filter((e) => !ids.has(e.id))) : null;
    const after = before ? foldCase(scoped) : null;
    if (!previous || !before || !after) {
      const state = log.state();
      if (state) this.remember(caseId, log, state);
      else if (!previous) this.index.data.cases[caseId] = unreadable(caseId, `${log.file} holds no opening event for this case yet`, undefined);
      return involving(state?.conflicts ?? []);
    }
    const { title, category, priority, status, site } = after;
    const latest = log.latestHlc();
    // Checklists are folded (their events only) when the import brought checklist events.
    const checklists = added.some(bearsOnChecklists) ? log.derive(checklistConflictCount) - checklistConflictCount(log.ordered().filter((e) => !ids.has(e.id))) : 0;
    this.index.data.cases[caseId] = {
      ...previous,
      title,
      category,
      priority,
      status,
      site,
      eventCount: log.count,
      records: log.records,
      updatedAt: latest ? hlcToIso(latest) : previous.updatedAt,
      conflictCount: Math.max(0, previous.conflictCount - before.conflicts.length + after.conflicts.length + checklists),
      ...(added.some(bearsOnChecklists) ? { checklist: log.derive(checklistSummary) } : {}),
    };
    return involving(after.conflicts);
  }

  /** When the bundle with this manifest digest was imported here, or null. */
  bundleImportedAt(manifestSha256: string): string | null {
    return this.index.data.importedBundles?.[manifestSha256] ?? null;
  }

  /** Remembers an applied bundle (once its events are durable); the latest thousand are kept. */
  noteBundleImported(manifestSha256: string): void {
    if (isReadOnly(this.dataKey)) throw writeRefusal(this.dataKey, 'record an imported bundle');
    // Already known: the first date stays, and the vault is left byte for byte as it was.
    if (this.bundleImportedAt(manifestSha256) !== null) return;
    const kept = Object.entries(this.index.data.importedBundles ?? {}).filter(([digest]) => digest !== manifestSha256);
    kept.push([manifestSha256, new Date().toISOString()]);
    this.index.data.importedBundles = Object.fromEntries(kept.slice(-IMPORTED_BUNDLES_KEPT));
    this.index.touch();
  }

  /**
   * Closes the open case journals once their pending appends are durable, so
   * that a journal rewritten on disk (replacing the data key) is read again
   * from the new file and no append goes to the replaced one. The caller has
   * paused writes first (store/read-only-keys.ts). `then` runs in the same
   * turn as the last clear, so that resuming writes there leaves no journal
   * opened read-only (while paused) in the cache.
   */
  async closeJournals(then?: () => void): Promise<void> {
    await Promise.allSettled(this.appending.values());
    const logs = await Promise.allSettled(this.logs.values());
    this.logs.clear();
    await Promise.allSettled(logs.map((l) => (l.status === 'fulfilled' ? l.value.close() : Promise.resolve())));
    // Opened while the others closed: writes are paused, so they hold no write handle and can simply be dropped.
    this.logs.clear();
    then?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    // Running jobs (intake, export, import) stop before the key is wiped, and leave nothing half-written.
    await jobsFor(this).cancelAll();
    const logs = await Promise.allSettled(this.logs.values());
    this.logs.clear();
    await Promise.allSettled(logs.map((l) => (l.status === 'fulfilled' ? l.value.close() : Promise.resolve())));
    try {
      await this.index.close();
    } catch (error) {
      // The index is a cache of the journals, which are durable already: a failed write is rebuilt at the next unlock, never a failed lock.
      this.closeWarning = `The vault index (a cache of the case journals) could not be written: ${ioFailure(error, 'write', this.index.file).message}. It is rebuilt from the journals at the next unlock; changed settings may need setting again.`;
    } finally {
      this.dataKey.fill(0);
    }
  }

  /** Set by `close` when the index could not be written: said to the user, not thrown. */
  closeWarning: string | null = null;

  private async log(caseId: string, create = false): Promise<CaseLog> {
    const cached = this.logs.get(caseId);
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      this.logs.delete(caseId);
      this.logs.set(caseId, cached);
      return cached;
    }
    const known = this.index.data.cases[caseId];
    if (!known && !create) throw new ApiFailure('not_found', `No case with id ${caseId}`);
    const opening = CaseLog.open({ dir: this.casesDir, caseId, key: this.dataKey, vaultId: this.vaultId, expectedMinRecords: known?.records ?? 0 });
    this.logs.set(caseId, opening);
    opening.catch(() => this.logs.delete(caseId));
    this.evict();
    return opening;
  }

  private evict(): void {
    while (this.logs.size > OPEN_LOGS) {
      const [oldest, log] = this.logs.entries().next().value as [string, Promise<CaseLog>];
      this.logs.delete(oldest);
      void log.then((l) => l.close()).catch(() => undefined);
    }
  }

  private async refreshSummary(caseId: string, size: number): Promise<void> {
    const previous = this.index.data.cases[caseId];
    try {
      const log = await CaseLog.open({ dir: this.casesDir, caseId, key: this.dataKey, vaultId: this.vaultId, expectedMinRecords: previous?.records ?? 0 });
      try {
        const state = log.state();
        if (state) this.remember(caseId, log, state);
        else this.index.data.cases[caseId] = unreadable(caseId, `${log.file} holds no opening event for this case`, previous);
        const entry = this.index.data.cases[caseId];
        // A torn tail was cut on open, so the size read before opening is stale then.
        if (entry) entry.bytes = log.tornBytes > 0 ? -1 : size;
      } finally {
        await log.close();
      }
    } catch (error) {
      this.index.data.cases[caseId] = unreadable(caseId, error instanceof Error ? error.message : String(error), previous);
    }
  }

  private remember(caseId: string, log: CaseLog, state: CaseState): void {
    const previous = this.index.data.cases[caseId];
    const summary = caseSummary(state);
    summary.conflictCount += log.derive(checklistConflictCount);
    this.index.data.cases[caseId] = { ...summary, checklist: log.derive(checklistSummary), records: log.records, bytes: previous?.bytes ?? -1 };
  }

  /** The cheap summary update after an append; the full fold refreshes it when the case is next read. */
  private noteAppended(caseId: string, log: CaseLog, event: CaseEvent, checklistBefore: number | null): void {
    const cases = this.index.data.cases;
    const entry = cases[caseId];
    if (!entry || event.type === 'case.opened') {
      const state = log.state();
      if (state) this.remember(caseId, log, state);
    } else {
      entry.records = log.records;
      entry.eventCount += 1;
      entry.updatedAt = hlcToIso(event.hlc);
      if (event.type === 'case.field.set') {
        const { field, value } = event.payload;
        if (field === 'title' || field === 'site') entry[field] = value;
        if (field === 'category') entry.category = event.payload.value;
        if (field === 'priority') entry.priority = event.payload.value;
        if (field === 'status') entry.status = event.payload.value;
      }
      if (checklistBefore !== null) {
        entry.conflictCount = Math.max(0, entry.conflictCount - checklistBefore + log.derive(checklistConflictCount));
        entry.checklist = log.derive(checklistSummary);
      }
    }
    this.dirty.add(caseId);
    this.index.touch();
  }
}

function unreadable(caseId: string, problem: string, previous: IndexedCase | undefined): IndexedCase {
  const base = previous ?? { id: caseId, title: `Case ${caseId}`, category: 'other', priority: 'medium', status: 'new', site: '', updatedAt: new Date(0).toISOString(), openedAt: new Date(0).toISOString(), eventCount: 0, conflictCount: 0, records: 0, bytes: -1 };
  return { ...base, problem };
}

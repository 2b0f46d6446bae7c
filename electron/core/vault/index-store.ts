/**
 * The vault index: case summaries, vault settings and the clock, kept as one
 * lowdb document sealed by EncryptedAdapter in `index`. It is a cache of the
 * journals (settings aside): it is written in the background, a moment after
 * changes, never on the path of an acknowledged append, and rebuilt from the
 * journals when it is missing or damaged.
 */
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { ApiFailure } from '../../../shared/api/errors';
import type { CaseListItem } from '../../../shared/api/schemas';
import { EncryptedAdapter } from './store/encrypted-adapter';
import { writesPaused } from './store/read-only-keys';

export const INDEX_FILE = 'index';

/** A summary plus what is needed to notice that its journal changed: record count and file size. */
export type IndexedCase = CaseListItem & { records: number; bytes: number };

/** Hours an imported event may be dated ahead of this device's clock: see shared/events/clock-bounds.ts. */
export type VaultSettings = { idleLockMinutes: number; actorName: string; actorRole: string; maxClockAheadHours: number; syncEveryMinutes: number };

/** Minutes between scheduled syncs, for vaults made before the setting existed too. */
export const DEFAULT_SYNC_EVERY_MINUTES = 5;

/** As stored: settings added later are absent from older vaults (the session gives their defaults). */
export type StoredSettings = Omit<VaultSettings, 'maxClockAheadHours' | 'syncEveryMinutes' | 'actorRole'> & Partial<Pick<VaultSettings, 'maxClockAheadHours' | 'syncEveryMinutes' | 'actorRole'>>;

export type IndexDoc = {
  version: 1;
  settings: StoredSettings;
  /** The latest HLC this device issued or saw. */
  clock: string | null;
  cases: Record<string, IndexedCase>;
  /**
   * Bundles imported here: SHA-256 of the signed manifest → when. Lets a
   * bundle that arrives again skip its event checks; like the rest of the
   * index it is only a cache (lost with it, the checks simply run again).
   */
  importedBundles?: Record<string, string>;
};

export function emptyIndex(settings: VaultSettings): IndexDoc {
  return { version: 1, settings, clock: null, cases: {} };
}

const WRITE_DELAY_MS = 250;

export class IndexStore {
  private timer: NodeJS.Timeout | null = null;
  private failure: unknown = null;
  private changed = false;
  /** The write under way, if any: later writes and `close` wait for it. */
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Runs just before each write, to bring derived fields (journal sizes) up to date. */
  prepare: () => Promise<void> = async () => undefined;

  private constructor(
    private readonly db: Low<IndexDoc>,
    readonly file: string,
    /** A read-only session's index lives in memory only: it is never written. */
    private readonly readOnly = false,
    private readonly key: Uint8Array | null = null,
  ) {}

  /** While the data key is being replaced nothing is written; changes wait in memory for the flush after it. */
  private get paused(): boolean {
    return this.key !== null && writesPaused(this.key);
  }

  /**
   * Opens the index. `damaged` is set when the file existed but could not be
   * read: it is moved aside (never overwritten) and the caller rebuilds.
   */
  static async open(dir: string, key: Uint8Array, vaultId: string, defaults: VaultSettings, readOnly = false): Promise<{ store: IndexStore; fresh: boolean; damaged?: string }> {
    const file = path.join(dir, INDEX_FILE);
    const db = new Low<IndexDoc>(new EncryptedAdapter<IndexDoc>({ file, key, vaultId }), emptyIndex(defaults));
    try {
      await db.read();
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.code !== 'damaged') throw error;
      // Read-only: rebuilt in memory only, the damaged file stays where it is.
      if (readOnly) {
        db.data = emptyIndex(defaults);
        return { store: new IndexStore(db, file, true, key), fresh: true, damaged: `${error.message}; it was rebuilt from the case journals for this read-only session` };
      }
      const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(file, aside);
      db.data = emptyIndex(defaults);
      return { store: new IndexStore(db, file, false, key), fresh: true, damaged: `${error.message}; it was kept as ${path.basename(aside)} and rebuilt from the case journals` };
    }
    const fresh = db.data.version !== 1 || typeof db.data.cases !== 'object';
    if (fresh) db.data = emptyIndex(defaults);
    return { store: new IndexStore(db, file, readOnly, key), fresh };
  }

  get data(): IndexDoc {
    return this.db.data;
  }

  /** Schedules a background write of the current document. */
  touch(): void {
    if (this.closed || this.readOnly) return;
    this.changed = true;
    if (this.timer || this.paused) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.write().catch((error: unknown) => {
        // The journals hold the truth; a failed index write is retried with the next change or on lock.
        this.failure = error;
      });
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes now, if anything changed, and waits: on create. */
  async flush(force = false): Promise<void> {
    if (this.readOnly || this.paused) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A background write may have taken the changes already: wait for it, so its failure is retried here.
    await this.writing.catch(() => undefined);
    if (this.changed || this.failure !== null || force) await this.write();
    this.failure = null;
  }

  /**
   * Writes what changed and refuses further writes: on lock, before the
   * caller wipes the key, so no background write can seal the index with a
   * wiped key (the next unlock would find it damaged and lose the settings).
   */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.closed = true;
    }
  }

  private write(): Promise<void> {
    const run = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (this.closed) throw new Error('The vault index is closed');
        this.changed = false;
        await this.prepare();
        await this.db.write();
      });
    this.writing = run;
    return run;
  }

  get lastWriteError(): unknown {
    return this.failure;
  }
}

/**
 * The vault's life cycle: absent → create → unlocked ⇄ locked, the idle
 * lock, and passphrase changes. A vault is a folder (see ../../../README.md
 * and the store/ files for the formats):
 *   vault.json   header: KDF parameters and the wrapped data key
 *   device.key   this device's Ed25519 key, sealed
 *   index        lowdb document (case summaries, settings), sealed
 *   cases/       one append-only journal per case
 *   .lock        the writer lock, held while unlocked (LOCK.md)
 * Replacing the data key (rekey/, FORMAT.md) runs beside the other calls of an
 * unlocked session, which it pauses for writing; locking stops it.
 * vault.json is written last on create: a folder without it is no vault.
 */
import { mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiFailure } from '../../../shared/api/errors';
import { DEFAULT_MAX_CLOCK_AHEAD_HOURS } from '../../../shared/events/clock-bounds';
import type { Output } from '../../../shared/api/contract';
import type { LockProgram } from '../../../shared/api/schemas';
import { DEFAULT_SYNC_EVERY_MINUTES, IndexStore, type VaultSettings } from './index-store';
import { CASES_DIR, VaultSession } from './session';
import { loadEnrolment } from '../team/roster-store';
import { loadOrCreateDeviceKey } from './store/device-key';
import { replaceDataKey, UNFINISHED_REKEY, type ReplaceKeyOptions, type ReplaceKeyResult } from './rekey/replace-data-key';
import { unlockKeys } from './rekey/rekey-header';
import { RekeySlot } from './rekey/rekey-slot';
import { createHeader, readHeader, rewrapHeader, unlockHeader, writeHeader, type VaultHeader } from './store/header';
import { defaultKdfCost, type KdfCost } from './store/kdf';
import { markReadOnly, pauseWrites, writesPaused } from './store/read-only-keys';
import { setRetiringKey } from './store/retiring-keys';
import { acquireWriterLock, holderView, readWriterLock, type HeldLock, type LockClock } from './writer-lock';

export type VaultOptions = {
  dir: string;
  /** Tests use a weak KDF to stay fast; real vaults never do. */
  kdf?: { cost: KdfCost; allowWeak: boolean };
  defaultActor?: string;
  /** How often the idle lock looks at the clock. */
  idleCheckMs?: number;
  /** Named in the writer lock, so a second opener is told who holds the vault. */
  program?: LockProgram;
  /** How long unlock keeps trying while another program holds the writer lock (CLI --wait); 0 by default. */
  lockWaitMs?: number;
  lockClock?: LockClock;
  /** What the program found when it started (a damaged settings file kept aside), shown with every status until it ends. */
  startupNotices?: readonly string[];
};

export type UnlockOptions = { readOnly?: boolean };

/** Work that lives as long as an unlocked session (the sync schedule): started when one opens, stopped before it closes. */
export type SessionHooks = { opened: (session: VaultSession) => void; closing: (session: VaultSession) => Promise<void> };

type Status = Output<'vault.status'>;

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

export class Vault {
  dir: string;
  private session: VaultSession | null = null;
  private writerLock: HeldLock | null = null;
  /** The lock of the session being closed by `lock()`, until it is released. */
  private closing: HeldLock | null = null;
  private notices: string[] = [];
  private lockWarnings: string[] = [];
  private lastActivity = Date.now();
  private idleTimer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly kdfCost: KdfCost;
  private readonly kdfOptions: { allowWeak: boolean };
  private readonly defaults: VaultSettings;
  /** The replacement of the data key under way, which locking stops first. */
  private readonly rekey = new RekeySlot();
  private readonly hooks: SessionHooks[] = [];

  constructor(private readonly options: VaultOptions) {
    this.dir = options.dir;
    this.kdfCost = options.kdf?.cost ?? defaultKdfCost;
    this.kdfOptions = { allowWeak: options.kdf?.allowWeak ?? false };
    this.defaults = { idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES, actorName: options.defaultActor ?? osUserName(), actorRole: '', maxClockAheadHours: DEFAULT_MAX_CLOCK_AHEAD_HOURS, syncEveryMinutes: DEFAULT_SYNC_EVERY_MINUTES };
  }

  async status(): Promise<Status> {
    const status = await this.statusNow();
    const notices = [...(this.options.startupNotices ?? []), ...(status.state === 'unlocked' ? (status.notices ?? []) : [])];
    return notices.length > 0 ? { ...status, notices } : status;
  }

  private async statusNow(): Promise<Status> {
    const session = this.session;
    if (session) {
      const status: Status = { state: 'unlocked', path: this.dir };
      if (this.notices.length > 0) status.notices = this.notices;
      if (!session.readOnly && writesPaused(session.storage.key)) status.replacingKey = true;
      if (session.readOnly) {
        status.readOnly = true;
        const holder = await readWriterLock(this.dir);
        if (holder) status.heldBy = holderView(holder);
      }
      return status;
    }
    const header = await readHeader(this.dir, this.kdfOptions).catch((error: unknown) => {
      // A damaged header still means "there is a vault here": unlocking will say what is wrong.
      if (error instanceof ApiFailure && error.code === 'damaged') return 'damaged' as const;
      throw error;
    });
    if (!header) return { state: 'absent', path: this.dir };
    // While this session closes, the lock file on disk is still its own, released last: not another program's.
    if (this.closing) return { state: 'locked', path: this.dir };
    const holder = await readWriterLock(this.dir);
    return holder ? { state: 'locked', path: this.dir, heldBy: holderView(holder) } : { state: 'locked', path: this.dir };
  }

  /** What went wrong, without failing, while locking (a cache that could not be written); each said once. */
  takeLockWarnings(): string[] {
    return this.lockWarnings.splice(0);
  }

  /** Counts as user activity for the idle lock. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  /** `identity`: the name (and role) to sign with; the login name when none is given (the CLI without --name). */
  create(passphrase: string, identity: { name?: string; role?: string } = {}): Promise<Status> {
    return this.exclusive(async () => {
      if (await readHeader(this.dir, this.kdfOptions).catch(() => 'damaged')) {
        throw new ApiFailure('vault_exists', `A vault already exists in ${this.dir}`);
      }
      await mkdir(this.dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
        throw new ApiFailure('io', `Cannot create the vault folder ${this.dir}: ${error.code ?? error.message}`);
      });
      // The lock is a dot-file, which the leftovers check lets through.
      const lock = await this.takeLock();
      try {
        await this.createIn(passphrase, lock, { ...this.defaults, ...(identity.name !== undefined ? { actorName: identity.name } : {}), ...(identity.role !== undefined ? { actorRole: identity.role } : {}) });
      } catch (error) {
        await lock.release();
        throw error;
      }
      return this.status();
    });
  }

  private async createIn(passphrase: string, lock: HeldLock, settings: VaultSettings): Promise<void> {
    const leftovers = (await readdir(this.dir)).filter((name) => !['device.key', 'index', CASES_DIR].includes(name) && !name.startsWith('.'));
    if (leftovers.length > 0) {
      throw new ApiFailure('vault_exists', `${this.dir} already holds other files (${leftovers.slice(0, 3).join(', ')}); choose an empty folder`);
    }
    const { header, dataKey } = await createHeader(passphrase, this.kdfCost, this.kdfOptions);
    const device = await loadOrCreateDeviceKey(this.dir, dataKey, header.vaultId);
    const { store } = await IndexStore.open(this.dir, dataKey, header.vaultId, settings);
    await store.flush(true);
    await mkdir(path.join(this.dir, CASES_DIR), { recursive: true, mode: 0o700 });
    await writeHeader(this.dir, header);
    this.open(new VaultSession({ dir: this.dir, vaultId: header.vaultId, dataKey, device, index: store }), lock, []);
  }

  /**
   * Opens the vault. A writable session takes the writer lock first (before
   * the slow key derivation, so a second opener is told at once); a
   * read-only one takes no lock and writes nothing.
   */
  unlock(passphrase: string, options: UnlockOptions = {}): Promise<Status> {
    return this.exclusive(async () => {
      if (this.session) return this.status();
      const header = await readHeader(this.dir, this.kdfOptions);
      if (!header) throw new ApiFailure('vault_absent', `No vault in ${this.dir}; create one first`);
      const readOnly = options.readOnly === true;
      const lock = readOnly ? null : await this.takeLock();
      try {
        await this.unlockWith(passphrase, header, lock);
      } catch (error) {
        await lock?.release();
        throw error;
      }
      return this.status();
    });
  }

  private async unlockWith(passphrase: string, header: VaultHeader, lock: HeldLock | null): Promise<void> {
    const readOnly = lock === null;
    const { current: dataKey, retiring } = await unlockKeys(header, passphrase, this.kdfOptions);
    // Before anything reads with the key: from here on, writes with it are refused.
    if (readOnly) markReadOnly(dataKey);
    // An interrupted replacement of the data key: files not yet re-encrypted open under the retiring
    // key, and nothing may be written until the replacement has finished (rekey/replace-data-key.ts).
    if (retiring) {
      setRetiringKey(dataKey, retiring);
      pauseWrites(dataKey);
    }
    try {
      const device = await loadOrCreateDeviceKey(this.dir, dataKey, header.vaultId).catch((error: unknown) => {
        // The passphrase opened vault.json, yet the device key does not open with its key:
        // the header most likely comes from another vault.
        if (error instanceof ApiFailure && error.code === 'damaged') {
          throw new ApiFailure('damaged', `${path.join(this.dir, 'vault.json')} does not belong with the other files of this vault (${error.message}). Was vault.json replaced?`);
        }
        throw error;
      });
      const opened = await IndexStore.open(this.dir, dataKey, header.vaultId, this.defaults, readOnly);
      const session = new VaultSession({ dir: this.dir, vaultId: header.vaultId, dataKey, device, index: opened.store, readOnly });
      const notices = lock?.notice ? [lock.notice] : [];
      if (opened.damaged) notices.push(opened.damaged);
      if (retiring) notices.push(UNFINISHED_REKEY);
      notices.push(...(await session.reconcile()));
      await loadEnrolment(session).catch((error: unknown) => {
        notices.push(`The team roster could not be read (${error instanceof Error ? error.message : String(error)}); what you write is signed with your name from Settings.`);
      });
      this.open(session, lock, notices);
    } catch (error) {
      dataKey.fill(0);
      throw error;
    }
  }

  /** Registers work that follows the session's life (see SessionHooks). */
  onSession(hooks: SessionHooks): void {
    this.hooks.push(hooks);
  }

  async lock(): Promise<Status> {
    // A replacement of the data key stops between two files, so the session can close.
    await this.rekey.stop();
    const current = this.session;
    if (current) await Promise.all(this.hooks.map((h) => h.closing(current).catch(() => undefined)));
    return this.exclusive(async () => {
      const session = this.session;
      const lock = this.writerLock;
      this.closing = lock;
      this.session = null;
      this.writerLock = null;
      this.notices = [];
      if (this.idleTimer) clearInterval(this.idleTimer);
      this.idleTimer = null;
      try {
        await session?.close();
        if (session?.closeWarning) this.lockWarnings.push(session.closeWarning);
      } finally {
        // Released only once the index is written and the journals closed.
        try {
          await lock?.release();
        } finally {
          if (this.closing === lock) this.closing = null;
        }
      }
      return this.status();
    });
  }

  /**
   * Re-encrypts the whole vault under a fresh data key (rekey/replace-data-key.ts),
   * or finishes an interrupted replacement. Needs a writable session; runs
   * beside other calls (which are refused while it writes), and a lock stops it.
   */
  replaceDataKey(passphrase: string, options: ReplaceKeyOptions = {}): Promise<ReplaceKeyResult> {
    const session = this.unlocked();
    if (session.readOnly) return Promise.reject(new ApiFailure('vault_read_only', 'The vault is open read-only (another program holds it): its data key cannot be replaced now'));
    const run = (signal: AbortSignal) =>
      this.exclusive(() => replaceDataKey({ session, passphrase, kdf: this.kdfCost, kdfOptions: this.kdfOptions, signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }));
    return this.rekey.run(run, options.signal).then(
      (result) => {
        this.notices = this.notices.filter((n) => n !== UNFINISHED_REKEY);
        return result;
      },
      (error: unknown) => {
        // Stopped after vault.json changed: the session stays paused, and says why.
        if (this.session === session && writesPaused(session.storage.key) && !this.notices.includes(UNFINISHED_REKEY)) this.notices.push(UNFINISHED_REKEY);
        throw error;
      },
    );
  }

  /** Resolves when `passphrase` opens this vault's vault.json; 'wrong_passphrase' otherwise. */
  async checkPassphrase(passphrase: string): Promise<void> {
    const header = await readHeader(this.dir, this.kdfOptions);
    if (!header) throw new ApiFailure('vault_absent', `No vault in ${this.dir}`);
    const keys = await unlockKeys(header, passphrase, this.kdfOptions);
    keys.current.fill(0);
    keys.retiring?.fill(0);
  }

  /** Re-wraps the data key under the new passphrase; no data is re-encrypted. */
  changePassphrase(current: string, next: string): Promise<Status> {
    return this.exclusive(async () => {
      const header = await readHeader(this.dir, this.kdfOptions);
      if (!header) throw new ApiFailure('vault_absent', `No vault in ${this.dir}`);
      if (this.session?.readOnly) throw new ApiFailure('vault_read_only', 'The vault is open read-only: the passphrase cannot be changed now');
      // vault.json is written too: while locked here, the writer lock is taken for the change.
      const lock = this.writerLock ? null : await this.takeLock();
      try {
        const dataKey = await unlockHeader(header, current, this.kdfOptions);
        try {
          await writeHeader(this.dir, await rewrapHeader(header, dataKey, next, this.kdfCost, this.kdfOptions));
        } finally {
          dataKey.fill(0);
        }
      } finally {
        await lock?.release();
      }
      return this.status();
    });
  }

  /** Points the app at another vault folder; only while no vault is open. */
  select(dir: string): Promise<Status> {
    return this.exclusive(async () => {
      if (this.session) throw new ApiFailure('bad_request', 'Lock the vault before opening another folder');
      if (!path.isAbsolute(dir)) throw new ApiFailure('bad_request', `Give the full path of the folder, not ${dir}`);
      this.dir = path.resolve(dir);
      return this.status();
    });
  }

  unlocked(): VaultSession {
    if (!this.session) throw new ApiFailure('vault_locked', 'The vault is locked; unlock it first');
    return this.session;
  }

  private takeLock(): Promise<HeldLock> {
    const request = { program: this.options.program ?? 'app', waitMs: this.options.lockWaitMs ?? 0 } as const;
    return acquireWriterLock(this.dir, this.options.lockClock ? { ...request, clock: this.options.lockClock } : request);
  }

  private open(session: VaultSession, lock: HeldLock | null, notices: string[]): void {
    this.session = session;
    this.writerLock = lock;
    this.notices = notices;
    this.touch();
    this.idleTimer = setInterval(() => this.lockIfIdle(), this.options.idleCheckMs ?? 15_000);
    this.idleTimer.unref();
    for (const h of this.hooks) h.opened(session);
  }

  private lockIfIdle(): void {
    const session = this.session;
    // Replacing the data key of a big vault takes a while and is not idleness: it would be cancelled.
    if (this.rekey.running) return this.touch();
    if (session && Date.now() - this.lastActivity >= session.settings.idleLockMinutes * 60_000) void this.lock();
  }

  /** Life-cycle changes run one at a time. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function osUserName(): string {
  try {
    return os.userInfo().username || 'Responder';
  } catch {
    return 'Responder';
  }
}

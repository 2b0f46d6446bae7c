/**
 * `<vault>/.lock` — one writer per vault (format and rules in ./LOCK.md).
 *
 * The session that unlocks a vault holds this file for as long as it is
 * unlocked. It is published whole with link(2) from a private temporary file:
 * link fails with EEXIST when the lock exists, like O_EXCL, and nobody ever
 * reads a half-written lock. A lock whose process died on this host is taken
 * over (renamed away, checked, then taken like a free one); a lock from
 * another host is never broken here.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiFailure } from '../../../shared/api/errors';
import { LockHolder, type LockHolderView, type LockProgram } from '../../../shared/api/schemas';
import { errnoCode, ioFailure } from './store/io-error';

export const LOCK_FILE = '.lock';

/** Time for `--wait`: injectable so tests do not sleep. */
export type LockClock = { now(): number; sleep(ms: number): Promise<void> };

export const systemClock: LockClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export type LockRequest = {
  program: LockProgram;
  /** How long to keep trying while another live program holds the lock; 0 fails at once. */
  waitMs?: number;
  pollMs?: number;
  clock?: LockClock;
};

export type HeldLock = {
  readonly holder: LockHolder;
  /** Set when a dead process's lock was taken over: say so to the user. */
  readonly notice: string | null;
  release(): Promise<void>;
};

/** Locks this process holds, removed on exit if the vault was not locked first. */
const heldFiles = new Map<string, string>();
let exitHookInstalled = false;

export async function acquireWriterLock(dir: string, request: LockRequest): Promise<HeldLock> {
  const clock = request.clock ?? systemClock;
  const deadline = clock.now() + (request.waitMs ?? 0);
  const pollMs = request.pollMs ?? 50;
  for (;;) {
    const attempt = await tryAcquire(dir, request.program);
    if ('lock' in attempt) return attempt.lock;
    if (clock.now() + pollMs > deadline) throw busy(dir, attempt.holder);
    await clock.sleep(pollMs);
  }
}

/** The holder of the vault's lock, or null when there is none (or it cannot be read). */
export async function readWriterLock(dir: string): Promise<LockHolder | null> {
  return (await readHolder(path.join(dir, LOCK_FILE)).catch(() => null)) ?? null;
}

export function holderView({ token: _token, ...view }: LockHolder): LockHolderView {
  return view;
}

type Attempt = { lock: HeldLock } | { holder: LockHolder };

async function tryAcquire(dir: string, program: LockProgram): Promise<Attempt> {
  const file = path.join(dir, LOCK_FILE);
  let notice: string | null = null;
  // Twice at most: a stale lock moved away frees the way for one more try.
  for (let round = 0; round < 2; round++) {
    const holder: LockHolder = { program, pid: process.pid, hostname: os.hostname(), since: new Date().toISOString(), token: randomBytes(16).toString('hex') };
    const published = await publish(file, holder);
    if (published === 'unwritable') return { lock: { holder, notice: `${path.dirname(file)} is on a read-only file system: it can be read, nothing can be changed.`, release: async () => undefined } };
    if (published) return { lock: heldLock(file, holder, notice) };
    const current = await readHolder(file);
    if (current === null) continue; // released in between
    if (current.hostname !== os.hostname() || processAlive(current.pid)) return { holder: current };
    if (await removeStale(file, current)) notice = `The vault's writer lock was left by ${describe(current)}, which is no longer running; this session took it over.`;
  }
  const current = await readHolder(file);
  if (current) return { holder: current };
  throw new ApiFailure('vault_busy', `Could not take the writer lock ${file}; try again`);
}

/**
 * Creates the lock file whole, or returns false when one exists. On a
 * read-only file system nobody here can write, so there is nothing to lock:
 * 'unwritable' (the journals then refuse every change themselves).
 */
async function publish(file: string, holder: LockHolder): Promise<boolean | 'unwritable'> {
  const temp = `${file}.${holder.token}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(holder)}\n`, { mode: 0o600, flag: 'wx' });
    await link(temp, file);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    if (errnoCode(error) === 'EROFS') return 'unwritable';
    throw ioFailure(error, 'create the writer lock', file);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Moves a dead process's lock away. Two sessions may race here; each renames
 * to its own name and checks it moved the stale lock it read, not a lock the
 * other has just taken (which it puts back).
 */
async function removeStale(file: string, stale: LockHolder): Promise<boolean> {
  const aside = `${file}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw ioFailure(error, 'take over the writer lock', file);
  }
  const moved = await readHolder(aside).catch(() => null);
  if (moved?.token !== stale.token) {
    await link(aside, file).catch(() => undefined);
    await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

async function readHolder(file: string): Promise<LockHolder | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioFailure(error, 'read the writer lock', file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const checked = LockHolder.safeParse(parsed);
  if (!checked.success) {
    // Never written by Outpost (locks are published whole): refuse rather than guess who holds it.
    throw new ApiFailure('vault_busy', `${file} is not a writer lock Outpost can read; if no other program has this vault open, remove that file`);
  }
  return checked.data;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errnoCode(error) !== 'ESRCH';
  }
}

function heldLock(file: string, holder: LockHolder, notice: string | null): HeldLock {
  heldFiles.set(file, holder.token);
  installExitHook();
  let released = false;
  return {
    holder,
    notice,
    release: async () => {
      if (released) return;
      released = true;
      heldFiles.delete(file);
      // Only our own lock: never remove one another session took after a takeover.
      const current = await readHolder(file).catch(() => null);
      if (current?.token === holder.token) await rm(file, { force: true });
    },
  };
}

/** On a normal exit (also process.exit) the locks still held go; after a crash the next opener takes them over. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, token] of heldFiles) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { token?: unknown }).token === token) unlinkSync(file);
      } catch {
        // Gone already, or not ours: nothing to do.
      }
    }
  });
}

const programNames: Record<LockProgram, string> = { app: 'the Outpost app', host: 'the Outpost browser host', cli: 'the outpost command line' };

export function describe(holder: LockHolderView): string {
  return `${programNames[holder.program]} (process ${holder.pid} on host ${holder.hostname}, since ${holder.since})`;
}

function busy(dir: string, holder: LockHolder): ApiFailure {
  const elsewhere = holder.hostname !== os.hostname();
  const why = elsewhere ? ' A lock held from another computer is never broken automatically: close the vault there first.' : '';
  return new ApiFailure('vault_busy', `The vault ${dir} is open in ${describe(holder)}.${why} It can be opened read-only meanwhile.`);
}

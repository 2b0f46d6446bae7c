/**
 * The blob store of an unlocked vault: `blobs/` in the vault folder (format
 * in ./blob-format.ts and ../vault/FORMAT.md). Keeps track of blobs that an
 * intake has stored but not yet recorded, so that an intake whose event
 * could not be written removes its new blob only when no other intake of the
 * same content is about to refer to it. Temporary files left by a crash
 * (`.intake-*.tmp` untouched for ten minutes) are removed on first use.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from '../../../shared/api/errors';
import { syncDir } from '../fs/atomic-write';
import type { VaultSession } from '../vault/session';
import { ioFailure } from '../vault/store/io-error';
import { isReadOnly, writeRefusal } from '../vault/store/read-only-keys';
import { BLOBS_DIR } from './blob-format';
import type { VaultKeys } from './blob-intake';

const STALE_TEMP_MS = 10 * 60_000;

export class BlobStore {
  readonly dir: string;
  private ready: Promise<void> | null = null;
  private readonly held = new Map<string, number>();
  private readonly deleting = new Map<string, Promise<void>>();

  constructor(private readonly session: VaultSession) {
    this.dir = path.join(session.dir, BLOBS_DIR);
  }

  /** The data key and vault id; throws `vault_locked` once the vault is locked, which stops running work. */
  readonly keys: VaultKeys = () => {
    const { key, vaultId } = this.session.storage;
    return { key, vaultId };
  };

  pathOf(name: string): string {
    return path.join(this.dir, name);
  }

  prepare(): Promise<void> {
    // Every blob write (intake, import) starts here: a read-only session stops before anything is made.
    const { key } = this.session.storage;
    if (isReadOnly(key)) return Promise.reject(writeRefusal(key, 'store evidence'));
    this.ready ??= this.createAndSweep().catch((error: unknown) => {
      this.ready = null;
      throw ioFailure(error, 'prepare the evidence store', this.dir);
    });
    return this.ready;
  }

  /** Marks `name` as about to be referred to by an event; waits out a removal of it in progress. */
  async hold(name: string): Promise<void> {
    await this.deleting.get(name);
    this.held.set(name, (this.held.get(name) ?? 0) + 1);
  }

  release(name: string): void {
    const count = (this.held.get(name) ?? 1) - 1;
    if (count <= 0) this.held.delete(name);
    else this.held.set(name, count);
  }

  /** Removes a blob this intake created and could not record, unless another intake holds it too. Releases the hold. */
  async discard(name: string): Promise<void> {
    if ((this.held.get(name) ?? 0) > 1) return this.release(name);
    const removal = rm(this.pathOf(name), { force: true })
      .then(() => syncDir(this.dir))
      .catch(() => undefined)
      .finally(() => this.deleting.delete(name));
    this.deleting.set(name, removal);
    this.release(name);
    await removal;
  }

  private async createAndSweep(): Promise<void> {
    if (!this.session.storage.key) throw new ApiFailure('vault_locked', 'The vault is locked; unlock it first');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const now = Date.now();
    for (const entry of await readdir(this.dir)) {
      if (!entry.startsWith('.intake-') && !entry.startsWith('.export-')) continue;
      const full = path.join(this.dir, entry);
      const info = await stat(full).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(full, { force: true });
    }
  }
}

const stores = new WeakMap<VaultSession, BlobStore>();

export function blobStoreFor(session: VaultSession): BlobStore {
  let store = stores.get(session);
  if (!store) {
    store = new BlobStore(session);
    stores.set(session, store);
  }
  return store;
}

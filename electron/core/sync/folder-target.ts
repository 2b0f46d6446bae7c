/**
 * A folder as a sync target: a removable drive, a network share, or a folder
 * kept in step by Syncthing or Nextcloud. A file is written to a temporary
 * name in its own folder and fsynced, then put in place without ever
 * replacing a file: by a hard link, which fails when the name is taken, then
 * the temporary name removed; where the file system has no hard links
 * (FAT and exFAT drives, some shares), by a rename after checking the name is
 * free. Each device writes only its own names, so the one way two writers
 * meet on a name is a copied vault, which the digest comparison tells.
 * The folder itself must exist: a drive that is not connected leaves its
 * mount point empty, and creating the folder there would write to the
 * laptop's own disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from '../fs/atomic-write';
import { TargetError, type PutOutcome, type SyncTarget } from './target';

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export class FolderTarget implements SyncTarget {
  readonly description: string;

  constructor(readonly root: string) {
    this.description = `the folder ${root}`;
  }

  async putOnce(name: string, bytes: Uint8Array, sha256: string): Promise<PutOutcome> {
    const file = await this.pathOf(name);
    const dir = path.dirname(file);
    try {
      await mkdir(dir, { recursive: true });
      if (await exists(file)) return await this.compare(file, sha256);
      const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeDurably(temp, bytes);
        const outcome = await placeOnce(temp, file);
        if (outcome === 'taken') return await this.compare(file, sha256);
        await syncDir(dir);
        return 'written';
      } finally {
        await rm(temp, { force: true });
      }
    } catch (error) {
      throw this.failure(error, `write ${name} to`);
    }
  }

  async list(prefix: string, after?: string): Promise<string[]> {
    const dir = await this.pathOf(prefix);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      // A device that has written nothing yet has no folder; the target itself was found above.
      if (code(error) === 'ENOENT') return [];
      throw this.failure(error, `list ${prefix} in`);
    }
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => `${prefix}${entry.name}`)
      .filter((name) => after === undefined || name > after)
      .sort(byCodeUnit);
  }

  async get(name: string): Promise<Uint8Array | null> {
    const file = await this.pathOf(name);
    try {
      return await readFile(file);
    } catch (error) {
      if (code(error) === 'ENOENT') return null;
      throw this.failure(error, `read ${name} from`);
    }
  }

  /** The path of a name under the root, which must be there (see above). */
  private async pathOf(name: string): Promise<string> {
    const parts = name.split('/');
    if (name.startsWith('/') || parts.some((p) => p === '..' || p === '.')) throw new TargetError('broken', `Not a name a sync target holds: ${name}`);
    const found = await stat(this.root).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!found) throw new TargetError('unreachable', `The folder ${this.root} is not there (is the drive connected, or the share mounted?)`);
    return path.join(this.root, ...parts.filter((p) => p !== ''));
  }

  private async compare(file: string, sha256: string): Promise<PutOutcome> {
    const there = createHash('sha256').update(await readFile(file)).digest('hex');
    return there === sha256 ? 'same' : 'different';
  }

  private failure(error: unknown, action: string): TargetError {
    if (error instanceof TargetError) return error;
    const errno = code(error);
    const detail = error instanceof Error ? error.message : String(error);
    if (errno === 'ENOSPC' || errno === 'EDQUOT') return new TargetError('full', `Could not ${action} ${this.description}: the disk is full`, { cause: error });
    if (errno === 'EROFS' || errno === 'EACCES' || errno === 'EPERM') return new TargetError('read-only', `Could not ${action} ${this.description}: it cannot be written (${errno})`, { cause: error });
    return new TargetError('unreachable', `Could not ${action} ${this.description}: ${detail}`, { cause: error });
  }
}

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Puts the written temporary file in place unless the name is taken. */
async function placeOnce(temp: string, file: string): Promise<'placed' | 'taken'> {
  try {
    await link(temp, file);
    return 'placed';
  } catch (error) {
    if (code(error) === 'EEXIST') return 'taken';
    if (!NO_HARD_LINKS.has(code(error) ?? '')) throw error;
  }
  if (await exists(file)) return 'taken';
  await rename(temp, file);
  return 'placed';
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (code(error) === 'ENOENT') return false;
    throw error;
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Name order is write order: plain code unit order, the same on every platform and target. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

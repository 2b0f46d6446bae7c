import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the system temp dir; remove it with `cleanup`. */
export async function makeTempDir(prefix = 'outpost-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Every file below `dir` with the SHA-256 of its bytes, so a test can prove
 * that an operation wrote nothing at all (not even a temporary file). A
 * vault's writer lock (`.lock`, electron/core/vault/LOCK.md) is left out: it
 * says which session has the vault open, not what the vault holds, so a
 * snapshot taken while unlocked compares equal to one taken after locking.
 */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name === '.lock') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else result[path.relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  }
  await walk(dir);
  return result;
}

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
 * that an operation wrote nothing at all (not even a temporary file).
 */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  async function walk(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else result[path.relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  }
  await walk(dir);
  return result;
}

/**
 * Test support for the blob store: writes source files in chunks (never a
 * whole big file in memory), runs an intake with a test key, and reads a
 * blob back into its SHA-256.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { intakeBlob, type IntakeInput, type IntakeOutput } from '../../../../electron/core/evidence/blob-intake';
import { readBlob } from '../../../../electron/core/evidence/blob-reader';

export type Keys = { key: Buffer; vaultId: string };

export function testKeys(): Keys {
  return { key: randomBytes(32), vaultId: randomBytes(16).toString('hex') };
}

/** A file of `size` random bytes written 1 MiB at a time; returns its SHA-256. */
export async function writeRandomFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < size; ) {
      const chunk = randomFillSync(Buffer.alloc(Math.min(1024 * 1024, size - written)));
      hash.update(chunk);
      await handle.write(chunk);
      written += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

export async function intakeFile(
  blobsDir: string,
  file: string,
  keys: Keys,
  options: Partial<Pick<IntakeInput, 'sha1' | 'md5' | 'signal' | 'onProgress' | 'beforeStore'>> & { onSource?: (source: FileHandle) => void } = {},
): Promise<IntakeOutput> {
  const source = await open(file, 'r');
  options.onSource?.(source);
  try {
    return await intakeBlob({
      blobsDir,
      source,
      sourcePath: file,
      before: await source.stat(),
      keys: () => keys,
      sha1: options.sha1 ?? false,
      md5: options.md5 ?? false,
      signal: options.signal ?? new AbortController().signal,
      onProgress: options.onProgress ?? (() => undefined),
      ...(options.beforeStore ? { beforeStore: options.beforeStore } : {}),
    });
  } finally {
    await source.close().catch(() => undefined);
  }
}

export async function readBack(file: string, name: string, keys: Keys): Promise<string> {
  const hash = createHash('sha256');
  await readBlob({ file, name, keys: () => keys, onData: (chunks) => chunks.forEach((c) => hash.update(c)) });
  return hash.digest('hex');
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, readFile, rename, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, HEADER_BYTES, TAG_BYTES, blobName } from '../../../../electron/core/evidence/blob-format';
import { IntakeError, READ_BYTES } from '../../../../electron/core/evidence/blob-intake';
import { BlobProblem } from '../../../../electron/core/evidence/blob-reader';
import { makeTempDir } from '../../../support/temp-dir';
import { intakeFile, listDir, readBack, testKeys, writeRandomFile, type Keys } from './blob-fixture';

describe('evidence blobs', () => {
  let dir: string;
  let blobs: string;
  let cleanup: () => Promise<void>;
  let keys: Keys;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    blobs = path.join(dir, 'blobs');
    await mkdir(blobs);
    keys = testKeys();
  });
  afterEach(() => cleanup());

  async function problemOf(file: string, name: string, k: Keys = keys): Promise<BlobProblem> {
    try {
      await readBack(file, name, k);
    } catch (error) {
      if (error instanceof BlobProblem) return error;
      throw error;
    }
    throw new Error('The blob read back without a problem');
  }

  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, READ_BYTES, READ_BYTES + 3, 2 * READ_BYTES])('stores and reads back %i bytes with the right digests', async (size) => {
    const source = path.join(dir, 'source.bin');
    const digest = await writeRandomFile(source, size);
    const bytes = await readFile(source);
    const stored = await intakeFile(blobs, source, keys, { sha1: true, md5: true });
    expect(stored).toEqual({
      name: blobName(keys.key, keys.vaultId, Buffer.from(digest, 'hex')),
      size,
      sha256: digest,
      sha1: createHash('sha1').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
      created: true,
    });
    expect(await listDir(blobs)).toEqual([stored.name]);
    const onDisk = await readFile(path.join(blobs, stored.name));
    expect(onDisk.length).toBe(HEADER_BYTES + size + Math.max(1, Math.ceil(size / CHUNK_BYTES)) * TAG_BYTES);
    // Encrypted: no 64-byte run of the plaintext shows in the blob.
    if (size >= 4096) expect(onDisk.includes(bytes.subarray(1000, 1064))).toBe(false);
    expect(await readBack(path.join(blobs, stored.name), stored.name, keys)).toBe(digest);
  });

  it('names blobs with a keyed digest: the same content in another vault gets another name', async () => {
    const source = path.join(dir, 'source.bin');
    const digest = await writeRandomFile(source, 1000);
    const a = await intakeFile(blobs, source, keys);
    const other = testKeys();
    await mkdir(path.join(dir, 'other'));
    const b = await intakeFile(path.join(dir, 'other'), source, other);
    expect(a.name).not.toBe(b.name);
    expect(a.name).not.toBe(digest);
    const again = await intakeFile(blobs, source, keys);
    expect(again).toMatchObject({ name: a.name, created: false });
    expect(await listDir(blobs)).toEqual([a.name]);
  });

  it('detects a flipped byte anywhere, a cut-off or extended file, reordered chunks and a renamed or foreign blob', async () => {
    const source = path.join(dir, 'source.bin');
    await writeRandomFile(source, 3 * CHUNK_BYTES + 100);
    const { name } = await intakeFile(blobs, source, keys);
    const file = path.join(blobs, name);
    const original = await readFile(file);
    const sealed = CHUNK_BYTES + TAG_BYTES;
    const variants: Array<[string, Buffer]> = [];
    for (const at of [5, 12, 25, HEADER_BYTES, HEADER_BYTES + 70_000, original.length - 1]) {
      const copy = Buffer.from(original);
      copy[at] = (copy[at] ?? 0) ^ 0x40;
      variants.push([`byte ${at} flipped`, copy]);
    }
    const swapped = Buffer.from(original);
    original.copy(swapped, HEADER_BYTES, HEADER_BYTES + sealed, HEADER_BYTES + 2 * sealed);
    original.copy(swapped, HEADER_BYTES + sealed, HEADER_BYTES, HEADER_BYTES + sealed);
    variants.push(['two chunks swapped', swapped]);
    for (const [what, bytes] of variants) {
      await writeFile(file, bytes);
      expect((await problemOf(file, name)).result, what).toBe('damaged');
    }
    await writeFile(file, original);
    await truncate(file, original.length - 10);
    expect((await problemOf(file, name)).message).toMatch(/cut off/);
    await writeFile(file, original);
    await appendFile(file, Buffer.alloc(3));
    expect((await problemOf(file, name)).message).toMatch(/extended/);
    // Dropping the last chunk whole and fixing the size still fails: the header says more.
    await writeFile(file, original.subarray(0, original.length - 100 - TAG_BYTES));
    expect((await problemOf(file, name)).result).toBe('damaged');
    await writeFile(file, original);
    const renamed = path.join(blobs, 'f'.repeat(64));
    await rename(file, renamed);
    expect((await problemOf(renamed, 'f'.repeat(64))).message).toMatch(/does not authenticate/);
    await copyFile(renamed, file);
    expect((await problemOf(file, name, testKeys())).result).toBe('damaged');
    expect(await readBack(file, name, keys)).toMatch(/^[0-9a-f]{64}$/);
    expect((await problemOf(path.join(blobs, 'a'.repeat(64)), 'a'.repeat(64))).result).toBe('missing');
  });

  it.each(['before reading', 'mid-file', 'before storing'] as const)('leaves nothing behind when cancelled %s', async (point) => {
    const source = path.join(dir, 'source.bin');
    await writeRandomFile(source, 3 * READ_BYTES + 5);
    const controller = new AbortController();
    if (point === 'before reading') controller.abort();
    const failure = await intakeFile(blobs, source, keys, {
      signal: controller.signal,
      onProgress: (done, _total, phase) => {
        if ((point === 'mid-file' && done >= READ_BYTES) || (point === 'before storing' && phase === 'storing')) controller.abort();
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntakeError);
    expect(failure).toMatchObject({ reason: 'cancelled' });
    expect(await listDir(blobs)).toEqual([]);
  });

  it.each([
    ['grows', (file: string) => appendFile(file, 'more')],
    ['shrinks', (file: string) => truncate(file, READ_BYTES + 10)],
    ['is rewritten in place', (file: string) => writeFile(file, Buffer.alloc(10, 1), { flag: 'r+' })],
  ])('refuses a file that %s while it is read, leaving nothing', async (_what, change) => {
    const source = path.join(dir, 'source.bin');
    await writeRandomFile(source, 3 * READ_BYTES);
    let changed = false;
    const failure = await intakeFile(blobs, source, keys, {
      onProgress: () => {
        if (!changed) {
          changed = true;
          void change(source);
        }
      },
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ reason: 'changed' });
    expect(await listDir(blobs)).toEqual([]);
  });

  it('reports a source that cannot be read any more (a device pulled out) and leaves nothing', async () => {
    const source = path.join(dir, 'source.bin');
    await writeRandomFile(source, 3 * READ_BYTES);
    let handle: FileHandle | undefined;
    const failure = await intakeFile(blobs, source, keys, {
      onSource: (h) => (handle = h),
      onProgress: () => void handle?.close(),
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ reason: 'unreadable', message: expect.stringMatching(/^Could not read .*source\.bin at byte/) as unknown });
    expect(await listDir(blobs)).toEqual([]);
  });
});

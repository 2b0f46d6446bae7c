import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stageBlob } from '../../../../electron/core/bundles/stage-blob';
import { stagingWorker } from '../../../../electron/core/bundles/stage-worker-client';
import { ApiFailure } from '../../../../shared/api/errors';
import { readBlob } from '../../../../electron/core/evidence/blob-reader';
import { makeTempDir } from '../../../support/temp-dir';
import { testKeys } from '../evidence/blob-fixture';

const MiB = 1024 * 1024;

/** `bytes` in pieces of uneven sizes, as the tar reader hands them on. */
async function* pieces(bytes: Buffer, fail?: Error): AsyncGenerator<Buffer> {
  const sizes = [1, 65_535, 65_537, 700_001, 3 * MiB + 5];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    yield bytes.subarray(at, at + size);
    at += size;
    if (fail && at > bytes.length / 2) throw fail;
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('staging an evidence file of a bundle', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('outpost-stage-blob-')));
  afterEach(() => cleanup());

  it('stages files of 8 MiB and more on the staging worker (built in for the tests as for the app)', () => {
    expect(stagingWorker()).not.toBeNull();
  });

  it('writes a blob that reads back to the same bytes, for sizes around the chunk and batch edges, inline and on the worker', async () => {
    const keys = testKeys();
    for (const size of [0, 1, 65_536, 65_537, MiB, 5 * MiB + 3, 8 * MiB, 9 * MiB + 65_536, 12 * MiB + 1]) {
      const content = randomBytes(size);
      const { sha256: got, staged } = await stageBlob(pieces(content), size, sha256(content), { dir, keys: () => keys });
      expect(got).toBe(sha256(content));
      if (!staged) throw new Error('not staged');
      const back: Buffer[] = [];
      await readBlob({ file: staged.temp, name: staged.name, keys: () => keys, onData: (chunks) => void back.push(...chunks) });
      expect(Buffer.concat(back).equals(content)).toBe(true);
    }
  });

  it('hashes without staging, the same digest', async () => {
    const content = randomBytes(5 * MiB + 7);
    expect((await stageBlob(pieces(content), content.length, sha256(content), null)).sha256).toBe(sha256(content));
    expect(await readdir(dir)).toEqual([]);
  });

  // Inline (5 MiB) and on the staging worker (10 MiB): the same outcomes.
  for (const size of [5 * MiB, 10 * MiB]) {
    it(`content that does not match its digest is not staged, and no file is left (${size / MiB} MiB)`, async () => {
      const content = randomBytes(size);
      const keys = testKeys();
      const result = await stageBlob(pieces(content), content.length, sha256(randomBytes(8)), { dir, keys: () => keys });
      expect(result).toEqual({ sha256: sha256(content), staged: null });
      expect(await readdir(dir)).toEqual([]);
    });

    it(`a stream that fails half way fails the staging with its own error, leaves no file, and the next file stages (${size / MiB} MiB)`, async () => {
      const content = randomBytes(size);
      const keys = testKeys();
      const broken = new Error('the archive is truncated');
      await expect(stageBlob(pieces(content, broken), content.length, sha256(content), { dir, keys: () => keys })).rejects.toBe(broken);
      expect(await readdir(dir)).toEqual([]);
      const { staged } = await stageBlob(pieces(content), content.length, sha256(content), { dir, keys: () => keys });
      expect(staged?.sha256).toBe(sha256(content));
    });

    it(`a folder that cannot be written is said in words, naming it (${size / MiB} MiB)`, async () => {
      const content = randomBytes(size);
      const keys = testKeys();
      const gone = path.join(dir, 'removed');
      const failure = await stageBlob(pieces(content), content.length, sha256(content), { dir: gone, keys: () => keys }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiFailure);
      expect((failure as ApiFailure).message).toBe(`Could not store the bundle's evidence file blobs/${sha256(content)} in ${gone}: the file or folder does not exist`);
    });
  }
});

import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileWriter } from '../../../../electron/core/bundles/file-writer';
import { makeTempDir } from '../../../support/temp-dir';

describe('FileWriter', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('outpost-file-writer-')));
  afterEach(() => cleanup());

  it('writes every piece in order, large and small, asks to wait while much is in flight, and says when each piece is written', async () => {
    const file = path.join(dir, 'out.bin');
    const writer = await FileWriter.create(file);
    const pieces = Array.from({ length: 400 }, (_, i) => randomBytes(i % 3 === 0 ? 16 : i % 3 === 1 ? 65_536 : 200_001));
    let written = 0;
    let waits = 0;
    for (const piece of pieces) {
      writer.push(piece, () => written++);
      const wait = writer.ready();
      if (wait) {
        waits++;
        await wait;
      }
    }
    await writer.close();
    expect(waits).toBeGreaterThan(0);
    expect(written).toBe(pieces.length);
    expect((await readFile(file)).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('never overwrites a file, and discard removes what it wrote', async () => {
    const existing = path.join(dir, 'there.bin');
    await writeFile(existing, 'keep');
    await expect(FileWriter.create(existing)).rejects.toMatchObject({ code: 'EEXIST' });
    const writer = await FileWriter.create(path.join(dir, 'partial.bin'));
    for (let i = 0; i < 20; i++) writer.push(randomBytes(1 << 20));
    await writer.discard();
    expect(await readdir(dir)).toEqual(['there.bin']);
    expect(await readFile(existing, 'utf8')).toBe('keep');
  });

  it('reports a failed write on the next call and on close', async () => {
    const writer = await FileWriter.create(path.join(dir, 'failing.bin'));
    // The descriptor closed underneath: every write fails (EBADF).
    await (writer as unknown as { handle: FileHandle }).handle.close();
    writer.push(randomBytes(2 << 20));
    await expect(writer.close()).rejects.toMatchObject({ code: 'EBADF' });
    expect(() => writer.push(Buffer.from('more'))).toThrow();
    await expect(writer.ready()).rejects.toMatchObject({ code: 'EBADF' });
    await writer.discard();
    expect(await readdir(dir)).toEqual([]);
  });
});

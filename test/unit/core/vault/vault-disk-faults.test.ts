import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { openingPayload, PASSPHRASE, testVault } from '../../../support/vault-fixture';
import { mountTmpfs, type Tmpfs } from '../store/fixtures/store-fixture';

// A real small filesystem: the only honest way to run out of space or be read-only.
describe('vault on a full or read-only disk', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let fs: Tmpfs | string;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await mkdir(path.join(dir, 'mnt'));
    fs = mountTmpfs(path.join(dir, 'mnt'), 512 * 1024);
  });
  afterEach(async () => {
    if (typeof fs !== 'string') fs.unmount();
    await cleanup();
  });

  it('says the disk is full, keeps every confirmed change, and goes on once there is room', async ({ skip }) => {
    if (typeof fs === 'string') return skip(fs);
    const vault = testVault(path.join(fs.dir, 'vault'));
    await vault.create(PASSPHRASE);
    const session = vault.unlocked();
    const { id } = await session.createCase(openingPayload('Full disk'));
    await writeFile(path.join(fs.dir, 'filler'), Buffer.alloc(400 * 1024)).catch(() => undefined);
    let confirmed = 1;
    let failure: unknown = null;
    for (let i = 0; i < 500 && !failure; i++) {
      try {
        await session.append(id, 'note.added', { noteId: randomUUID(), text: `note ${i} ${'x'.repeat(2000)}` });
        confirmed++;
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toMatchObject({ code: 'io', message: expect.stringContaining('disk is full') as string });
    expect((await session.getCase(id)).eventCount).toBe(confirmed);

    await rm(path.join(fs.dir, 'filler'));
    await session.append(id, 'note.added', { noteId: randomUUID(), text: 'after the disk was freed' });
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    expect((await vault.unlocked().getCase(id)).eventCount).toBe(confirmed + 1);
    await vault.lock();
  });

  it('says the folder is read-only and changes nothing', async ({ skip }) => {
    if (typeof fs === 'string') return skip(fs);
    const vault = testVault(path.join(fs.dir, 'vault'));
    await vault.create(PASSPHRASE);
    const { id } = await vault.unlocked().createCase(openingPayload('Read-only'));
    await vault.lock();
    fs.remount('ro');
    const before = await snapshotDir(fs.dir);
    await vault.unlock(PASSPHRASE);
    await expect(vault.unlocked().append(id, 'note.added', { noteId: randomUUID(), text: 'cannot be written' })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/read-only/i) as string,
    });
    expect((await vault.unlocked().getCase(id)).eventCount).toBe(1);
    await vault.lock().catch(() => undefined);
    expect(await snapshotDir(fs.dir)).toEqual(before);
    fs.remount('rw');
  });
});

import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexStore } from '../../../../electron/core/vault/index-store';
import { VaultSession } from '../../../../electron/core/vault/session';
import { ioFailure } from '../../../../electron/core/vault/store/io-error';
import { snapshotDir } from '../../../support/temp-dir';
import { PASSPHRASE } from '../../../support/vault-fixture';
import { mountTmpfs } from '../store/fixtures/store-fixture';
import { desksPerTest, exportFile, finish, openDesk, seedCase, type Desk } from './bundle-fixture';

const MiB = 1024 * 1024;
const BUNDLE_PASSPHRASE = 'a passphrase for the disk fault bundles';
const diskFull = () => ioFailure(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 'write', '/the/journal');

/** A field case with a `size`-byte evidence file, sent with a passphrase. */
async function bundleOf(field: Desk, dir: string, size: number): Promise<{ file: string; caseId: string }> {
  const caseId = await seedCase(field, 'Disk fault case', dir, size);
  const file = path.join(dir, 'case.outpost');
  await exportFile(field, [caseId], file, { passphrase: BUNDLE_PASSPHRASE });
  return { file, caseId };
}

async function snapshotLocked(desk: Desk): Promise<Record<string, string>> {
  await desk.call('vault.lock', {});
  const snapshot = await snapshotDir(desk.dir);
  await desk.call('vault.unlock', { passphrase: PASSPHRASE });
  return snapshot;
}

describe('importing a bundle when the disk fails', () => {
  const desks = desksPerTest();
  const unmounts: Array<() => void> = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const unmount of unmounts.splice(0)) unmount();
  });

  it('a full disk while the evidence is staged is an I/O error naming the folder, and the vault is left as it was', async (context) => {
    const field = await desks.desk('field');
    const { file } = await bundleOf(field, desks.dir, 6 * MiB);
    const small = path.join(desks.dir, 'small');
    await mkdir(small);
    const tmpfs = mountTmpfs(small, 3 * MiB);
    if (typeof tmpfs === 'string') return context.skip(tmpfs);
    const coordinator = await openDesk(small);
    unmounts.push(() => tmpfs.unmount());
    try {
      const before = await snapshotLocked(coordinator);
      const job = await finish(coordinator, await coordinator.call('bundle.import', { path: file, passphrase: BUNDLE_PASSPHRASE }));
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('io');
      expect(job.error?.message).toMatch(/Could not store the bundle's evidence file blobs\/[0-9a-f]{64} in .*small.*blobs: the disk is full/);
      expect(await snapshotLocked(coordinator)).toEqual(before);
    } finally {
      await coordinator.core.close();
    }
  });

  it('when the journal write fails, no evidence file is moved in: nothing is left that no event refers to', async () => {
    const [field, coordinator] = [await desks.desk('field'), await desks.desk('coordinator')];
    const { file } = await bundleOf(field, desks.dir, 300_000);
    const before = await snapshotLocked(coordinator);
    vi.spyOn(VaultSession.prototype, 'importEvents').mockRejectedValueOnce(diskFull());
    const job = await finish(coordinator, await coordinator.call('bundle.import', { path: file, passphrase: BUNDLE_PASSPHRASE }));
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/the disk is full/);
    expect(await readdir(path.join(coordinator.dir, 'blobs')).catch(() => [])).toEqual([]);
    expect(await snapshotLocked(coordinator)).toEqual(before);
  });

  it('an index that cannot be written (a cache) does not fail a durable import: the lock says so, the next unlock rebuilds it', async () => {
    const [field, coordinator] = [await desks.desk('field'), await desks.desk('coordinator')];
    const { file, caseId } = await bundleOf(field, desks.dir, 100_000);
    const job = await finish(coordinator, await coordinator.call('bundle.import', { path: file, passphrase: BUNDLE_PASSPHRASE }));
    expect(job.state).toBe('done');
    vi.spyOn(IndexStore.prototype, 'close').mockRejectedValueOnce(diskFull());
    expect((await coordinator.call('vault.lock', {})).state).toBe('locked');
    expect(coordinator.core.vault.takeLockWarnings()).toEqual([expect.stringMatching(/vault index .* could not be written: .*the disk is full.*rebuilt from the journals/) as unknown]);
    await coordinator.call('vault.unlock', { passphrase: PASSPHRASE });
    expect((await coordinator.call('case.list', {})).map((c) => c.id)).toEqual([caseId]);
    expect((await coordinator.call('evidence.list', { caseId })).items[0]?.files.length).toBe(1);
  });
});

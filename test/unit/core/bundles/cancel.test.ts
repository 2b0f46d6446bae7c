import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../../electron/core/age';
import { exportBundle } from '../../../../electron/core/bundles/export';
import { importBundle } from '../../../../electron/core/bundles/import';
import { JobCancelled, type JobContext } from '../../../../electron/core/jobs/job-runner';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { exportFile, openDesk, seedCase, type Desk } from './bundle-fixture';

type TestJob = Pick<JobContext, 'progress' | 'throwIfCancelled' | 'signal'>;

/** A job that asks to be cancelled once `when` says so, from its progress reports. */
function cancelledJob(when: (done: number, phase: string | undefined) => boolean): TestJob {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    progress: ({ done, phase }) => {
      if (when(done ?? 0, phase)) controller.abort();
    },
    throwIfCancelled: () => {
      if (controller.signal.aborted) throw new JobCancelled();
    },
  };
}

const EVIDENCE = 6 * 1024 * 1024 + 12_345;

describe('cancelled or failed bundle jobs leave nothing behind', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const desks: Desk[] = [];
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('outpost-bundle-cancel-')));
  afterEach(async () => {
    await Promise.all(desks.splice(0).map((d) => d.core.close()));
    await cleanup();
  });
  const desk = async (name: string): Promise<Desk> => {
    const d = await openDesk(path.join(dir, name));
    desks.push(d);
    return d;
  };

  it.each([
    ['as writing starts', (done: number, phase: string | undefined) => phase === 'writing'],
    ['mid-evidence', (done: number) => done > 2 * 1024 * 1024],
    ['after the last evidence byte', (done: number) => done >= EVIDENCE],
  ] as const)('export cancelled %s: no bundle, no partial file', async (_label, when) => {
    const field = await desk('field');
    const caseId = await seedCase(field, 'Cancelled export', dir, EVIDENCE);
    const target = path.join(dir, 'case.outpost');
    const session = field.core.vault.unlocked();
    await expect(exportBundle(session, { caseIds: [caseId], path: target, recipients: [generateIdentity().recipient] }, cancelledJob(when))).rejects.toBeInstanceOf(JobCancelled);
    expect((await readdir(dir)).filter((name) => name.includes('outpost'))).toEqual([]);
  });

  it('export of a damaged evidence blob fails as damaged, with no partial file', async () => {
    const field = await desk('field');
    const caseId = await seedCase(field, 'Damaged blob', dir, EVIDENCE);
    const blobs = path.join(field.dir, 'blobs');
    const [blob] = (await readdir(blobs)).filter((name) => /^[0-9a-f]{64}$/.test(name));
    if (!blob) throw new Error('no blob');
    const bytes = await readFile(path.join(blobs, blob));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 1;
    await writeFile(path.join(blobs, blob), bytes);
    const session = field.core.vault.unlocked();
    const job = cancelledJob(() => false);
    await expect(exportBundle(session, { caseIds: [caseId], path: path.join(dir, 'case.outpost'), recipients: [generateIdentity().recipient] }, job)).rejects.toMatchObject({ code: 'damaged' });
    expect((await readdir(dir)).filter((name) => name.includes('outpost'))).toEqual([]);
  });

  it('import cancelled inside the second evidence file: the vault is byte for byte as it was', async () => {
    const field = await desk('field');
    const first = await seedCase(field, 'First', dir, EVIDENCE);
    const second = await seedCase(field, 'Second', dir, EVIDENCE + 1);
    const bundle = path.join(dir, 'two.outpost');
    await exportFile(field, [first, second], bundle, { passphrase: 'bundle secret' });
    const coordinator = await desk('coordinator');
    await coordinator.call('vault.lock', {});
    const before = await snapshotDir(coordinator.dir);
    await coordinator.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    // Progress counts bundle bytes read: past the first evidence file, inside the second.
    let read = 0;
    const job = cancelledJob((done) => (read = Math.max(read, done)) > EVIDENCE + 1024 * 1024);
    await expect(importBundle(coordinator.core.vault.unlocked(), { path: bundle, passphrase: 'bundle secret' }, job)).rejects.toBeInstanceOf(JobCancelled);
    // It stopped there, not at the end of the second file.
    expect(read).toBeLessThan(EVIDENCE + 3 * 1024 * 1024);
    await coordinator.call('vault.lock', {});
    expect(await snapshotDir(coordinator.dir)).toEqual(before);
  });
});

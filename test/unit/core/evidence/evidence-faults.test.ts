import { chmod, mkdir, readdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/core';
import type { IntakeResult, JobView } from '../../../../shared/api/evidence-schemas';
import type { EvidenceItemState, EvidenceLog } from '../../../../shared/evidence/evidence-fold';
import type { CaseState } from '../../../../shared/events/fold';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { PASSPHRASE, testCore } from '../../../support/vault-fixture';
import { mountTmpfs } from '../store/fixtures/store-fixture';
import { writeRandomFile } from './blob-fixture';

const MiB = 1024 * 1024;

describe('evidence faults', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  let unmount: (() => void) | null = null;

  async function value<T>(method: string, args: unknown): Promise<T> {
    const result = await core?.dispatch(method, args);
    if (!result?.ok) throw new Error(`${method} failed: ${result?.error.message ?? 'no core'}`);
    return result.value as T;
  }
  async function finished(job: JobView): Promise<JobView> {
    let view = job;
    while (view.state === 'running') view = await value<JobView>('job.wait', { jobId: job.jobId, timeoutMs: 2000 });
    return view;
  }
  async function openVault(vaultDir: string): Promise<{ caseId: string; item: EvidenceItemState }> {
    core = testCore(vaultDir);
    await value('vault.create', { passphrase: PASSPHRASE });
    const caseId = (await value<CaseState>('case.create', { title: 'Faults', category: 'other', priority: 'low' })).id;
    const item = await value<EvidenceItemState>('evidence.register', { caseId, description: 'Image', type: 'disk-image' });
    return { caseId, item };
  }
  const lastEntry = async (caseId: string) => (await value<EvidenceLog>('evidence.list', { caseId })).items[0]?.custody.at(-1);

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    unmount?.();
    unmount = null;
    await cleanup();
  });

  it('stops with "disk full", removes the partial blob and records what happened', async (context) => {
    const vaultDir = path.join(dir, 'small');
    await mkdir(vaultDir);
    const tmpfs = mountTmpfs(vaultDir, 4 * MiB);
    if (typeof tmpfs === 'string') return context.skip(tmpfs);
    unmount = () => tmpfs.unmount();
    const { caseId, item } = await openVault(vaultDir);
    const source = path.join(dir, 'big.img');
    await writeRandomFile(source, 8 * MiB);
    const job = await finished(await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: source }));
    expect(job).toMatchObject({ state: 'failed', error: { code: 'io', message: expect.stringMatching(/disk holding the vault is full.*Free some space/) as unknown } });
    expect(await readdir(path.join(vaultDir, 'blobs'))).toEqual([]);
    expect(await lastEntry(caseId)).toMatchObject({ kind: 'intake-stopped', detail: expect.stringMatching(/^disk-full:/) as unknown });
  });

  it('cancels mid-file through the API, with the bytes read on record', async () => {
    const { caseId, item } = await openVault(path.join(dir, 'vault'));
    const source = path.join(dir, 'big.img');
    await writeRandomFile(source, 96 * MiB);
    const job = await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: source });
    let view = job;
    while (view.state === 'running' && view.done === 0) view = await value<JobView>('job.wait', { jobId: job.jobId, timeoutMs: 10 });
    await value('job.cancel', { jobId: job.jobId });
    expect(await finished(job)).toMatchObject({ state: 'cancelled' });
    expect(await readdir(path.join(dir, 'vault', 'blobs'))).toEqual([]);
    const stopped = (await value<EvidenceLog>('evidence.list', { caseId })).items[0]?.custody.at(-1);
    expect(stopped?.kind).toBe('intake-stopped');
  });

  it('stops when the vault is locked during an intake, leaving no blob', async () => {
    const { caseId, item } = await openVault(path.join(dir, 'vault'));
    const source = path.join(dir, 'big.img');
    await writeRandomFile(source, 96 * MiB);
    const job = await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: source });
    // Lock waits for the intake to stop and clean up.
    await value('vault.lock', {});
    expect(await readdir(path.join(dir, 'vault', 'blobs'))).toEqual([]);
    await value('vault.unlock', { passphrase: PASSPHRASE });
    // Jobs belong to the session that started them.
    expect(await core?.dispatch('job.status', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses an unreadable file before writing anything', async (context) => {
    if (process.getuid?.() === 0) return context.skip('root reads files whatever their permissions');
    const { caseId, item } = await openVault(path.join(dir, 'vault'));
    const source = path.join(dir, 'secret.img');
    await writeFile(source, 'x');
    await chmod(source, 0o000);
    const before = await snapshotDir(path.join(dir, 'vault'));
    expect(await core?.dispatch('evidence.attach', { caseId, itemId: item.id, path: source })).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/permission denied/) as unknown } });
    expect(await snapshotDir(path.join(dir, 'vault'))).toEqual(before);
  });

  it('records a missing blob and a blob swapped for another, and never exports them', async () => {
    const { caseId, item } = await openVault(path.join(dir, 'vault'));
    await writeFile(path.join(dir, 'a.bin'), 'first content');
    await writeFile(path.join(dir, 'b.bin'), 'second content');
    const a = (await finished(await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'a.bin') }))).result as IntakeResult;
    const b = (await finished(await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'b.bin') }))).result as IntakeResult;
    const blobs = path.join(dir, 'vault', 'blobs');
    await writeFile(path.join(blobs, a.blob), await readFile(path.join(blobs, b.blob)));
    await rename(path.join(blobs, b.blob), path.join(dir, 'moved-away'));
    const verify = await finished(await value<JobView>('evidence.verify', { caseId }));
    expect(verify.state).toBe('failed');
    expect((verify.result as { files: { result: string }[] }).files.map((f) => f.result)).toEqual(['damaged', 'missing']);
    const out = path.join(dir, 'out');
    await mkdir(out);
    const exported = await finished(await value<JobView>('evidence.export', { caseId, itemId: item.id, fileId: a.fileId, path: out }));
    expect(exported).toMatchObject({ state: 'failed', error: { code: 'damaged', message: expect.stringMatching(/Nothing was written/) as unknown } });
    expect(await readdir(out)).toEqual([]);
    const files = (await value<EvidenceLog>('evidence.list', { caseId })).items[0]?.files;
    expect(files?.map((f) => [f.status, f.failures])).toEqual([
      ['failed', 2],
      ['failed', 1],
    ]);
    expect(await core?.dispatch('evidence.export', { caseId, itemId: item.id, fileId: a.fileId, path: path.join(dir, 'nowhere', 'x.bin') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('removes temporary files left by a crash, once they are stale', async () => {
    const { caseId, item } = await openVault(path.join(dir, 'vault'));
    const blobs = path.join(dir, 'vault', 'blobs');
    await mkdir(blobs, { recursive: true });
    const stale = path.join(blobs, '.intake-0123456789abcdef.tmp');
    const fresh = path.join(blobs, '.intake-fedcba9876543210.tmp');
    await writeFile(stale, 'left by a crash');
    await writeFile(fresh, 'another process is writing this');
    const old = new Date(Date.now() - 3600_000);
    await utimes(stale, old, old);
    await writeFile(path.join(dir, 'a.bin'), 'content');
    await finished(await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'a.bin') }));
    expect((await readdir(blobs)).filter((n) => n.startsWith('.'))).toEqual(['.intake-fedcba9876543210.tmp']);
  });
});

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../electron/core/core';
import { RekeyCancelled, type RekeyProgress } from '../../../../electron/core/vault/rekey/reencrypt-vault';
import { planRekey } from '../../../../electron/core/vault/rekey/rekey-plan';
import { parseHeader, readHeader, unlockHeader } from '../../../../electron/core/vault/store/header';
import type { ReplaceDataKeyJobView } from '../../../../shared/api/vault-key-schemas';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { PASSPHRASE, testKdf } from '../../../support/vault-fixture';
import { call, content, filesOpenedBy, finished, kinds, populate, verifyAll } from './fixtures/rekey-fixture';

describe('replacing the data key', () => {
  let dir: string;
  let vaultDir: string;
  let cleanup: () => Promise<void>;
  const cores: Core[] = [];

  const openCore = (options: { program?: 'app' | 'cli' } = {}) => {
    const core = createCore({ vaultDir, kdf: testKdf, ...options });
    cores.push(core);
    return core;
  };
  const oldKey = async (headerText: string) => unlockHeader(parseHeader(headerText, 'old vault.json', testKdf), PASSPHRASE, testKdf);

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    await mkdir(path.join(dir, 'scratch'));
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    await cleanup();
  });

  async function populated(): Promise<{ core: Core; before: unknown; headerText: string; vaultId: string }> {
    const core = openCore();
    await call(core, 'vault.create', { passphrase: PASSPHRASE });
    await populate(core, path.join(dir, 'scratch'));
    const before = await content(core);
    const vaultId = (await call<{ vaultId: string }>(core, 'settings.get')).vaultId;
    // The index is written in the background: now, so that snapshots of the folder do not catch it halfway.
    await core.vault.unlocked().index.flush();
    return { core, before, headerText: await readFile(path.join(vaultDir, 'vault.json'), 'utf8'), vaultId };
  }

  async function relock(core: Core): Promise<void> {
    await call(core, 'vault.lock');
    await call(core, 'vault.unlock', { passphrase: PASSPHRASE });
  }

  it('lists every kind of encrypted file', async () => {
    const { vaultId } = await populated();
    const plan = await planRekey(vaultDir, vaultId);
    expect(kinds(plan)).toEqual({ sealed: expect.any(Number) as number, journal: 3, blob: 2 });
    const names = plan.map((f) => path.relative(vaultDir, f.file));
    expect(names).toEqual(expect.arrayContaining(['device.key', 'index', 'coordinator.key', 'roster.json']));
    expect(names.some((n) => n.startsWith('playbooks/'))).toBe(true);
  });

  it('re-encrypts everything: the content reads the same, and the old vault.json and passphrase open nothing, not even files written later', async () => {
    const { core, before, headerText, vaultId } = await populated();
    const old = await oldKey(headerText);
    expect((await filesOpenedBy(vaultDir, vaultId, old)).length).toBeGreaterThan(10);

    const progress: ReplaceDataKeyJobView[] = [];
    const job = await call<ReplaceDataKeyJobView>(core, 'vault.replaceDataKey', { passphrase: PASSPHRASE });
    expect(job).toMatchObject({ kind: 'vault.replaceDataKey', state: 'running' });
    let view = job;
    while (view.state === 'running') progress.push((view = await call<ReplaceDataKeyJobView>(core, 'job.wait', { jobId: job.jobId, timeoutMs: 2000 })));
    expect(view).toMatchObject({ state: 'done', result: { resumed: false } });
    expect(view.result?.rekeyed).toBe(view.result?.files);
    expect(view.filesDone).toBe(view.filesTotal);
    expect(view.done).toBe(view.total);

    expect(await content(core)).toEqual(before);
    expect(await verifyAll(core)).toEqual(['ok', 'ok']);
    const header = await readHeader(vaultDir, testKdf);
    expect(header?.retiringKey).toBeUndefined();
    expect(header?.vaultId).toBe(vaultId);

    // Written after the replacement: under the new key only.
    const caseId = (before as { cases: { id: string }[] }).cases[0]?.id ?? '';
    await call(core, 'note.add', { caseId, text: 'After the replacement' });
    await call(core, 'settings.update', { actorName: 'Bea After' });
    await relock(core);
    expect(await verifyAll(core)).toEqual(['ok', 'ok']);
    expect((await call<{ actorName: string }>(core, 'settings.get')).actorName).toBe('Bea After');

    expect(await filesOpenedBy(vaultDir, vaultId, old)).toEqual([]);
    // The old vault.json put back: the passphrase unwraps the old key, which opens nothing of this vault.
    await call(core, 'vault.lock');
    await writeFile(path.join(vaultDir, 'vault.json'), headerText);
    const result = await core.dispatch('vault.unlock', { passphrase: PASSPHRASE });
    expect(result).toMatchObject({ ok: false, error: { code: 'damaged' } });
  });

  it.each([0, 1, 4, 9, -1])('interrupted after file %i (a crash), opens with everything, refuses writes, and a rerun finishes', async (n) => {
    const { core, before, headerText, vaultId } = await populated();
    const total = (await planRekey(vaultDir, vaultId)).length;
    const stopAt = n < 0 ? total - 1 : n;
    const crash = new Error('simulated crash');
    await expect(
      core.vault.replaceDataKey(PASSPHRASE, {
        // The first report once `stopAt` files are done: the walk stops there, as if the process had died.
        onProgress: (p: RekeyProgress) => {
          if (p.filesDone >= stopAt) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect((await readHeader(vaultDir, testKdf))?.retiringKey).toBeDefined();

    // Readable in the session that was interrupted, and after unlocking again.
    expect(await content(core)).toEqual(before);
    await relock(core);
    const status = await call<{ replacingKey?: boolean; notices?: string[] }>(core, 'vault.status');
    expect(status.replacingKey).toBe(true);
    expect(status.notices?.join(' ')).toMatch(/replacement of the data key was interrupted/);
    expect(await content(core)).toEqual(before);
    // Verifying and exporting record their outcome in the case, so they wait for the replacement too.
    expect(await verifyAll(core)).toEqual(['refused: vault_busy', 'refused: vault_busy']);
    await expect(call(core, 'bundle.export', { caseIds: [(before as { cases: { id: string }[] }).cases[0]?.id], path: path.join(dir, 'out.bundle'), passphrase: 'a bundle passphrase' })).rejects.toMatchObject({ code: 'vault_busy' });

    // Nothing can be written meanwhile, and nothing is.
    const files = await snapshotDir(vaultDir);
    const caseId = (before as { cases: { id: string }[] }).cases[0]?.id ?? '';
    await expect(call(core, 'note.add', { caseId, text: 'during' })).rejects.toMatchObject({ code: 'vault_busy' });
    await expect(call(core, 'settings.update', { actorName: 'Nope' })).rejects.toMatchObject({ code: 'vault_busy' });
    await expect(call(core, 'vault.changePassphrase', { current: PASSPHRASE, next: 'another passphrase 2' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await snapshotDir(vaultDir)).toEqual(files);

    const view = await finished(core, await call<ReplaceDataKeyJobView>(core, 'vault.replaceDataKey', { passphrase: PASSPHRASE }));
    expect(view).toMatchObject({ state: 'done', result: { resumed: true, files: total } });
    expect(view.result?.rekeyed).toBeLessThanOrEqual(total - stopAt);
    expect((await call<{ replacingKey?: boolean }>(core, 'vault.status')).replacingKey).toBeUndefined();
    await call(core, 'note.add', { caseId, text: 'after' });
    await relock(core);
    expect(((await content(core)) as { details: unknown[] }).details.slice(1)).toEqual((before as { details: unknown[] }).details.slice(1));
    expect(await verifyAll(core)).toEqual(['ok', 'ok']);
    expect(await filesOpenedBy(vaultDir, vaultId, await oldKey(headerText))).toEqual([]);
  });

  it('stops when cancelled, inside a big evidence file too, and resumes with the passphrase after unlocking again', async () => {
    const { core, before, headerText, vaultId } = await populated();
    const controller = new AbortController();
    let sawBlobBytes = false;
    let previous = -1;
    await expect(
      core.vault.replaceDataKey(PASSPHRASE, {
        signal: controller.signal,
        onProgress: (p) => {
          // A report for a blob with no more files done than the last report: its bytes are under way, it is not done.
          if (p.file?.startsWith('blobs/') && p.filesDone === previous && !sawBlobBytes) {
            sawBlobBytes = true;
            controller.abort();
          }
          previous = p.filesDone;
        },
      }),
    ).rejects.toBeInstanceOf(RekeyCancelled);
    expect(sawBlobBytes).toBe(true);
    // No temporary blob is left behind, and both blobs are whole.
    const blobs = Object.keys(await snapshotDir(path.join(vaultDir, 'blobs')));
    expect(blobs.filter((b) => b.startsWith('.'))).toEqual([]);
    expect(blobs).toHaveLength(2);
    // The blob being copied is still whole under the old key.
    const underOld = await filesOpenedBy(vaultDir, vaultId, await oldKey(headerText));
    expect(underOld.filter((f) => f.startsWith('blobs/')).length).toBeGreaterThanOrEqual(1);
    await relock(core);
    expect(await content(core)).toEqual(before);

    const job = await call<ReplaceDataKeyJobView>(core, 'vault.replaceDataKey', { passphrase: PASSPHRASE });
    expect((await finished(core, job)).state).toBe('done');
    expect(await filesOpenedBy(vaultDir, vaultId, await oldKey(headerText))).toEqual([]);
    expect(await content(core)).toEqual(before);
    expect(await verifyAll(core)).toEqual(['ok', 'ok']);
  });

  it('a cancelled job ends "cancelled" and leaves a vault that opens and resumes', async () => {
    const { core, before } = await populated();
    const job = await call<ReplaceDataKeyJobView>(core, 'vault.replaceDataKey', { passphrase: PASSPHRASE });
    await call(core, 'job.cancel', { jobId: job.jobId });
    const view = await finished(core, job);
    expect(['cancelled', 'done']).toContain(view.state);
    await relock(core);
    expect(await content(core)).toEqual(before);
    expect((await finished(core, await call<ReplaceDataKeyJobView>(core, 'vault.replaceDataKey', { passphrase: PASSPHRASE }))).state).toBe('done');
    expect(await content(core)).toEqual(before);
  });

  it('reads go on during the replacement, and cases read meanwhile can be changed afterwards', async () => {
    const { core, before } = await populated();
    const ids = (before as { cases: { id: string }[] }).cases.map((c) => c.id);
    const reads: Promise<unknown>[] = [];
    const writes: Promise<unknown>[] = [];
    await core.vault.replaceDataKey(PASSPHRASE, {
      onProgress: (p) => {
        if (p.filesDone === 3) {
          for (const id of ids) reads.push(call(core, 'case.get', { id }));
          writes.push(call(core, 'note.add', { caseId: ids[0], text: 'during' }).catch((error: { code?: string }) => error.code));
        }
      },
    });
    expect(await Promise.all(reads)).toEqual((before as { details: { state: unknown }[] }).details.map((d) => d.state));
    expect(await Promise.all(writes)).toEqual(['vault_busy']);
    for (const id of ids) await call(core, 'note.add', { caseId: id, text: 'after' });
    await relock(core);
    for (const id of ids) expect((await call<{ notes: { text: string }[] }>(core, 'case.get', { id })).notes.map((n) => n.text)).toContain('after');
  });

  it('locking stops a running replacement between two files', async () => {
    const { core, before } = await populated();
    const locking: Promise<unknown>[] = [];
    const running = core.vault.replaceDataKey(PASSPHRASE, {
      onProgress: (p) => {
        if (p.filesDone === 2 && locking.length === 0) locking.push(core.vault.lock());
      },
    });
    await expect(running).rejects.toBeInstanceOf(RekeyCancelled);
    await Promise.all(locking);
    await call(core, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await content(core)).toEqual(before);
  });

  it('refuses a wrong passphrase, a read-only session and unknown files, changing nothing', async () => {
    const { core } = await populated();
    const files = await snapshotDir(vaultDir);
    await expect(core.vault.replaceDataKey('not the passphrase')).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(await snapshotDir(vaultDir)).toEqual(files);
    expect((await call<{ replacingKey?: boolean }>(core, 'vault.status')).replacingKey).toBeUndefined();

    const reader = openCore({ program: 'cli' });
    await call(reader, 'vault.unlock', { passphrase: PASSPHRASE, readOnly: true });
    await expect(call(reader, 'vault.replaceDataKey', { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'vault_read_only' });
    await expect(reader.vault.replaceDataKey(PASSPHRASE)).rejects.toMatchObject({ code: 'vault_read_only' });
    expect(await snapshotDir(vaultDir)).toEqual(files);

    await writeFile(path.join(vaultDir, 'notes.txt'), 'mine');
    await expect(core.vault.replaceDataKey(PASSPHRASE)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/notes\.txt/) as string });
    expect(await snapshotDir(vaultDir)).toEqual({ ...files, 'notes.txt': expect.any(String) as string });
    // Writing still works: nothing was paused.
    await call(core, 'settings.update', { actorName: 'Still writable' });
  });

  it('stops at a damaged file, naming it, keeps the vault readable, and finishes once the file is whole again', async () => {
    const { core, before, headerText, vaultId } = await populated();
    const blob = (await planRekey(vaultDir, vaultId)).filter((f) => f.kind === 'blob').sort((a, b) => b.bytes - a.bytes)[0]?.file ?? '';
    const whole = await readFile(blob);
    const damaged = Buffer.from(whole);
    damaged[damaged.length - 100] = (damaged[damaged.length - 100] ?? 0) ^ 1;
    await writeFile(blob, damaged);
    await expect(core.vault.replaceDataKey(PASSPHRASE)).rejects.toMatchObject({ code: 'damaged', message: expect.stringContaining(path.basename(blob)) as string });
    // Left as it was: the bytes of the damaged file are not replaced by anything.
    expect(await readFile(blob)).toEqual(damaged);
    await relock(core);
    expect(await content(core)).toEqual(before);
    await writeFile(blob, whole);
    expect((await finished(core, await call<ReplaceDataKeyJobView>(core, 'vault.replaceDataKey', { passphrase: PASSPHRASE }))).state).toBe('done');
    expect(await verifyAll(core)).toEqual(['ok', 'ok']);
    expect(await filesOpenedBy(vaultDir, vaultId, await oldKey(headerText))).toEqual([]);
  });

  it('a copy of the vault taken midway opens and finishes on its own', async () => {
    const { core, before, vaultId } = await populated();
    const copyDir = path.join(dir, 'copy');
    const crash = new Error('stop');
    await expect(
      core.vault.replaceDataKey(PASSPHRASE, {
        onProgress: (p) => {
          if (p.filesDone === 5) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    await call(core, 'vault.lock');
    for (const file of Object.keys(await snapshotDir(vaultDir))) {
      await mkdir(path.dirname(path.join(copyDir, file)), { recursive: true });
      await copyFile(path.join(vaultDir, file), path.join(copyDir, file));
    }
    const copy = createCore({ vaultDir: copyDir, kdf: testKdf });
    cores.push(copy);
    await call(copy, 'vault.unlock', { passphrase: PASSPHRASE });
    expect(await content(copy)).toEqual({ ...(before as object), settings: expect.anything() as unknown });
    expect((await finished(copy, await call<ReplaceDataKeyJobView>(copy, 'vault.replaceDataKey', { passphrase: PASSPHRASE }))).state).toBe('done');
    expect((await planRekey(copyDir, vaultId)).length).toBeGreaterThan(0);
  });
});

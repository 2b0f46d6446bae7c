/**
 * The desktop app's core process, run as the app runs it but under Node:
 * the bundled electron/core-process/entry.ts started with child_process.fork
 * (standing in for Electron's utilityProcess) and driven by the CoreClient
 * main uses. Calls, jobs with progress and cancel, a core killed mid-job
 * (every waiting call answers core_stopped, nothing it had confirmed is
 * lost), the restart, and a clean close.
 */
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/api/errors';
import type { JobView } from '../../../shared/api/evidence-schemas';
import { CoreClient } from '../../../electron/core-process/core-client';
import { forkCore } from '../../../electron/core-process/fork-child';
import { buildEntries } from '../../support/built-entries';
import { makeTempDir } from '../../support/temp-dir';

const passphrase = 'correct horse battery staple';

describe('the core in its own process', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let entry: string;
  beforeAll(async () => {
    temp = await makeTempDir();
    entry = (await buildEntries(path.join(temp.dir, 'built'))).core;
  });
  afterAll(() => temp.cleanup());

  /** A client over a forked core on `vaultDir`; `pids` collects each started process's id. */
  function client(vaultDir: string, pids: number[] = []): CoreClient {
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], OUTPOST_CONFIG_DIR: path.join(temp.dir, 'config'), OUTPOST_VAULT: '' };
    return new CoreClient(() => {
      const child = forkCore(entry, ['--vault', vaultDir], env);
      if (child.pid !== undefined) pids.push(child.pid);
      return child;
    });
  }

  async function value<T>(core: CoreClient, method: string, args: unknown = {}): Promise<T> {
    const result = (await core.dispatch(method, args)) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  it('answers calls, runs jobs with progress and cancel, and locks the vault on close', async () => {
    const vaultDir = path.join(temp.dir, 'vault-a');
    const core = client(vaultDir);
    await core.start();
    expect(await core.dispatch('vault.status', {})).toEqual({ ok: true, value: { state: 'absent', path: vaultDir } });
    await value(core, 'vault.create', { passphrase });
    const created = await value<{ id: string }>(core, 'case.create', { title: 'Harbour ransomware', category: 'malicious-code', priority: 'high' });
    // The dispatcher's checks hold across the process boundary.
    expect(await core.dispatch('case.create', { title: '' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await core.dispatch('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });

    const file = path.join(temp.dir, 'disk.img');
    await writeFile(file, Buffer.alloc(3 * 1024 * 1024, 7));
    const item = await value<{ id: string }>(core, 'evidence.register', { caseId: created.id, description: 'Laptop', type: 'disk-image' });
    const job = await value<JobView>(core, 'evidence.attach', { caseId: created.id, itemId: item.id, path: file });
    let view = job;
    while (view.state === 'running') view = await value<JobView>(core, 'job.wait', { jobId: job.jobId, timeoutMs: 5_000 });
    expect(view).toMatchObject({ state: 'done', done: 3 * 1024 * 1024, total: 3 * 1024 * 1024 });

    const big = path.join(temp.dir, 'big.img');
    const handle = await open(big, 'w');
    await handle.truncate(512 * 1024 * 1024);
    await handle.close();
    const second = await value<{ id: string }>(core, 'evidence.register', { caseId: created.id, description: 'Server', type: 'disk-image' });
    const long = await value<JobView>(core, 'evidence.attach', { caseId: created.id, itemId: second.id, path: big });
    expect((await value<JobView>(core, 'job.cancel', { jobId: long.jobId })).cancelRequested).toBe(true);
    let cancelled = long;
    while (cancelled.state === 'running') cancelled = await value<JobView>(core, 'job.wait', { jobId: long.jobId, timeoutMs: 5_000 });
    expect(cancelled.state).toBe('cancelled');

    await core.close();
    expect(await core.dispatch('vault.status', {})).toMatchObject({ ok: false, error: { code: 'core_stopped' } });
    // Closed cleanly: another core opens the vault without taking over a dead process's lock.
    const next = client(vaultDir);
    await next.start();
    const status = await value<{ state: string; notices?: string[] }>(next, 'vault.unlock', { passphrase });
    expect(status.state).toBe('unlocked');
    expect(status.notices ?? []).toEqual([]);
    expect((await value<{ title: string }[]>(next, 'case.list')).map((c) => c.title)).toEqual(['Harbour ransomware']);
    await next.close();
  });

  it('says when the core dies, answers every waiting call, and restarts with nothing confirmed lost', async () => {
    const vaultDir = path.join(temp.dir, 'vault-b');
    const pids: number[] = [];
    const core = client(vaultDir, pids);
    const stops: string[] = [];
    core.onStopped((message) => stops.push(message));
    await core.start();
    await value(core, 'vault.create', { passphrase });
    const created = await value<{ id: string }>(core, 'case.create', { title: 'Confirmed before the crash', category: 'malicious-code', priority: 'high' });

    const big = path.join(temp.dir, 'big-b.img');
    const handle = await open(big, 'w');
    await handle.truncate(1024 * 1024 * 1024);
    await handle.close();
    const item = await value<{ id: string }>(core, 'evidence.register', { caseId: created.id, description: 'Server', type: 'disk-image' });
    const job = await value<JobView>(core, 'evidence.attach', { caseId: created.id, itemId: item.id, path: big });
    const waiting = core.dispatch('job.wait', { jobId: job.jobId, timeoutMs: 30_000 });
    process.kill(pids[0] ?? 0, 'SIGKILL');

    expect(await waiting).toMatchObject({ ok: false, error: { code: 'core_stopped', message: expect.stringContaining('stopped unexpectedly') as string } });
    expect(stops).toHaveLength(1);
    expect(await core.dispatch('case.list', {})).toMatchObject({ ok: false, error: { code: 'core_stopped' } });

    await core.restart();
    expect(pids).toHaveLength(2);
    expect(await value<{ state: string }>(core, 'vault.status')).toMatchObject({ state: 'locked' });
    const unlocked = await value<{ notices?: string[] }>(core, 'vault.unlock', { passphrase });
    // The dead process's writer lock was taken over, and said.
    expect(unlocked.notices?.join(' ')).toMatch(/process \d+/);
    const cases = await value<{ id: string; title: string }[]>(core, 'case.list');
    expect(cases.map((c) => c.title)).toEqual(['Confirmed before the crash']);
    const evidence = await value<{ items: { id: string; files: unknown[] }[] }>(core, 'evidence.list', { caseId: created.id });
    expect(evidence.items.map((i) => i.files.length)).toEqual([0]);
    await value(core, 'case.create', { title: 'After the restart', category: 'malicious-code', priority: 'low' });
    await core.close();
  });
});

/**
 * Test support for case bundles: vaults driven through the real core (the
 * API contract), with a case, notes and evidence, and helpers to follow jobs.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Input, Method, Output } from '../../../../shared/api/contract';
import type { BundleImportReport, BundleJobView } from '../../../../shared/api/bundle-schemas';
import type { ApiError } from '../../../../shared/api/errors';
import type { Core } from '../../../../electron/core/core';
import { afterEach, beforeEach } from 'vitest';
import { makeTempDir } from '../../../support/temp-dir';
import { PASSPHRASE, testCore } from '../../../support/vault-fixture';

export type Desk = { dir: string; core: Core; call: <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>; fail: <M extends Method>(method: M, input: Input<M>) => Promise<ApiError> };

export async function openDesk(dir: string, create = true): Promise<Desk> {
  const core = testCore(dir);
  const call = async <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    const result = await core.dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value as Output<M>;
  };
  const fail = async <M extends Method>(method: M, input: Input<M>): Promise<ApiError> => {
    const result = await core.dispatch(method, input);
    if (result.ok) throw new Error(`${method} succeeded, but a failure was expected`);
    return result.error;
  };
  if (create) await call('vault.create', { passphrase: PASSPHRASE });
  else await call('vault.unlock', { passphrase: PASSPHRASE });
  return { dir, core, call, fail };
}

/** Follows a job to its end; returns the final view. */
export async function finish(desk: Desk, started: BundleJobView | { jobId: string }): Promise<BundleJobView> {
  for (;;) {
    const view = (await desk.call('job.wait', { jobId: started.jobId, timeoutMs: 5000 })) as unknown as BundleJobView;
    if (view.state !== 'running') return view;
  }
}

export async function runJob<T>(desk: Desk, started: BundleJobView): Promise<T> {
  const view = await finish(desk, started);
  if (view.state !== 'done') throw new Error(`job ${view.kind} ${view.state}: ${view.error?.message ?? ''}`);
  return view.result as T;
}

/** A case with a note and one evidence file of `size` bytes. */
export async function seedCase(desk: Desk, title: string, work: string, size = 200_000): Promise<string> {
  const opened = await desk.call('case.create', { title, category: 'malicious-code', priority: 'high' });
  await desk.call('note.add', { caseId: opened.id, text: `first note in ${title}` });
  const item = await desk.call('evidence.register', { caseId: opened.id, description: `disk of ${title}`, type: 'file' });
  const file = path.join(work, `${title.replace(/\W+/g, '-')}.bin`);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + title.length) & 0xff;
  await writeFile(file, bytes);
  const job = await desk.call('evidence.attach', { caseId: opened.id, itemId: item.id, path: file });
  for (;;) {
    const view = await desk.call('job.wait', { jobId: job.jobId, timeoutMs: 5000 });
    if (view.state === 'done') break;
    if (view.state !== 'running') throw new Error(`intake ${view.state}`);
  }
  return opened.id;
}

export async function importFile(desk: Desk, file: string, extra: { passphrase?: string; identityFile?: string } = {}): Promise<BundleImportReport> {
  return runJob<BundleImportReport>(desk, await desk.call('bundle.import', { path: file, ...extra }));
}

export async function exportFile(desk: Desk, caseIds: string[], file: string, extra: { recipients?: string[]; passphrase?: string } = {}): Promise<void> {
  await runJob(desk, await desk.call('bundle.export', { caseIds, path: file, ...extra }));
}

/** A temporary folder for each test of the calling `describe`, and the desks opened in it: closed and removed after each test. */
export function desksPerTest(): { readonly dir: string; desk: (name: string) => Promise<Desk> } {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const desks: Desk[] = [];
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await Promise.all(desks.splice(0).map((d) => d.core.close()));
    await cleanup();
  });
  return {
    get dir() {
      return dir;
    },
    async desk(name: string) {
      const d = await openDesk(path.join(dir, name));
      desks.push(d);
      return d;
    },
  };
}

let requests = 0;

/** Puts `field`'s device on `coordinator`'s team roster, as a coordinator does from a join request (the coordinator key is made if needed). */
export async function enrol(coordinator: Desk, field: Desk, work: string, name = 'Field responder'): Promise<void> {
  if ((await coordinator.call('keys.show', {})).coordinator === null) await coordinator.call('keys.coordinatorInit', {});
  const file = path.join(work, `join-request-${process.pid}-${requests++}.json`);
  await field.call('team.joinRequest', { path: file, name });
  await coordinator.call('team.approve', { path: file });
}

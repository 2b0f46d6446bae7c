/**
 * `ui.main_stall.max_ms`: the longest stall of the event loop that owns the
 * window while the app does its heaviest work: a 1 GiB bundle imported (to
 * the end of its job) and a 50,000-event case opened (case.get and the
 * first History page, on a vault just unlocked, so nothing is cached). In
 * the desktop app that loop is Electron main's, which holds only a
 * CoreClient; here this benchmark process plays main, with the bundled core
 * entry forked as the core process (child_process.fork standing in for
 * utilityProcess). Stalls are read with perf_hooks.monitorEventLoopDelay at
 * 1 ms resolution (max and p99 per phase). Target ≤ 50 ms.
 * `ui.main_stall.in_process_max_ms`: the same two steps with the core in
 * this process, as main.ts ran it before: why the core moved (no target).
 * OUTPOST_UI_BENCH_EVIDENCE_MIB and OUTPOST_UI_BENCH_EVENTS shrink the
 * setup for a quick check; the results say which sizes ran.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Result as ApiResult } from '../../shared/api/errors';
import type { CaseEvent } from '../../shared/events/event';
import { formatHlc } from '../../shared/events/hlc';
import { formatIdentityFile, generateIdentity } from '../../electron/core/age/index';
import { CoreClient } from '../../electron/core-process/core-client';
import { forkCore } from '../../electron/core-process/fork-child';
import { createCore } from '../../electron/core/core';
import type { Dispatch } from '../../electron/core/dispatch';
import { makeEvent } from '../../electron/core/vault/event-factory';
import { Vault } from '../../electron/core/vault/vault';
import { buildEntries } from '../support/built-entries';
import { round } from './support/bench-desk';
import { writeRandom } from './support/process-files';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };

export const benchmarks = ['ui.main_stall.max_ms', 'ui.main_stall.in_process_max_ms'];

const MiB = 1024 * 1024;
const EVIDENCE_MIB = Number(process.env.OUTPOST_UI_BENCH_EVIDENCE_MIB ?? 1024);
const EVENTS = Number(process.env.OUTPOST_UI_BENCH_EVENTS ?? 50_000);
const PASSPHRASE = 'benchmark passphrase';

type Calls = { value: <T>(method: string, args?: unknown) => Promise<T>; job: (method: string, args: unknown) => Promise<void> };

function calls(dispatch: Dispatch): Calls {
  const value = async <T>(method: string, args: unknown = {}): Promise<T> => {
    const result = (await dispatch(method, args)) as ApiResult<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  const job = async (method: string, args: unknown): Promise<void> => {
    let view = await value<{ jobId: string; state: string; error?: { message: string } }>(method, args);
    while (view.state === 'running') view = await value('job.wait', { jobId: view.jobId, timeoutMs: 5_000 });
    if (view.state !== 'done') throw new Error(`${method}: ${view.state} ${view.error?.message ?? ''}`);
  };
  return { value, job };
}

/** The vault with the 50,000-event case and the case whose 1 GiB bundle is imported (real KDF: the core process takes no weak one). */
async function prepare(work: string, recipient: string): Promise<{ vaultDir: string; bigCaseId: string; bundle: string }> {
  const vaultDir = path.join(work, 'source');
  const vault = new Vault({ dir: vaultDir, defaultActor: 'Bench Responder' });
  await vault.create(PASSPHRASE);
  const session = vault.unlocked();
  const opened = await session.createCase({ title: 'A long-running case', category: 'intrusions', priority: 'high', status: 'responding', site: 'HQ' });
  const [first] = await session.caseEvents(opened.id);
  let prev = first?.hash ?? null;
  const start = Date.now() - EVENTS;
  const events: CaseEvent[] = [];
  for (let i = 1; i < EVENTS; i++) {
    const event = makeEvent({ caseId: opened.id, type: 'note.added', payload: { noteId: randomUUID(), text: `Log review ${i}: nothing unusual on host ${i % 300}` }, actor: 'Bench Responder', hlc: formatHlc({ wall: start + i, counter: 0 }), prev }, session.device);
    prev = event.hash;
    events.push(event);
  }
  await session.importEvents(opened.id, events);
  await vault.lock();

  const core = createCore({ vaultDir });
  const { value, job } = calls(core.dispatch);
  await value('vault.unlock', { passphrase: PASSPHRASE });
  const imaged = await value<{ id: string }>('case.create', { title: 'Disk images from the port', category: 'malicious-code', priority: 'high' });
  for (let i = 0; i < 2; i++) {
    const file = path.join(work, `disk-${i}.img`);
    await writeRandom(file, (EVIDENCE_MIB / 2) * MiB);
    const item = await value<{ id: string }>('evidence.register', { caseId: imaged.id, description: `disk ${i}`, type: 'disk-image' });
    await job('evidence.attach', { caseId: imaged.id, itemId: item.id, path: file });
    await rm(file);
  }
  const bundle = path.join(work, 'images.outpost');
  await job('bundle.export', { caseIds: [imaged.id], path: bundle, recipients: [recipient] });
  await core.close();
  return { vaultDir, bigCaseId: opened.id, bundle };
}

/** The longest and the 99th-percentile stall of this process's event loop while `work` runs, in ms. */
async function stalls(work: () => Promise<void>): Promise<{ maxMs: number; p99Ms: number; ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  histogram.disable();
  return { maxMs: round(histogram.max / 1e6), p99Ms: round(histogram.percentile(99) / 1e6), ms: round(ms) };
}

type Phases = { importStall: Awaited<ReturnType<typeof stalls>>; openStall: Awaited<ReturnType<typeof stalls>> };

/** The two heavy steps through `open(vaultDir)`: the bundle into a fresh vault, then the big case on the source vault. */
/** `forward`: what main does with a call (the core's JSON passed on unparsed); without it, the call is answered in this process. */
type Opened = { dispatch: Dispatch; forward?: (method: string, args: unknown) => Promise<unknown>; close: () => Promise<void> };

async function measure(open: (vaultDir: string) => Promise<Opened>, target: string, source: { vaultDir: string; bigCaseId: string; bundle: string }, identityFile: string): Promise<Phases> {
  const fresh = await open(target);
  const importing = calls(fresh.dispatch);
  await importing.value('vault.create', { passphrase: PASSPHRASE });
  const importStall = await stalls(() => importing.job('bundle.import', { path: source.bundle, identityFile }));
  await fresh.close();
  const reading = await open(source.vaultDir);
  const { value } = calls(reading.dispatch);
  await value('vault.unlock', { passphrase: PASSPHRASE });
  // As the window asks: main forwards each call and hands the answer on; in-process, the core answers on this loop.
  const ask = reading.forward ?? ((method: string, args: unknown) => value(method, args));
  const openStall = await stalls(async () => {
    await ask('case.get', { id: source.bigCaseId });
    await ask('case.history', { id: source.bigCaseId, offset: 0, limit: 100 });
  });
  await reading.close();
  return { importStall, openStall };
}

export async function run(): Promise<Result[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-ui-bench-'));
  try {
    const identity = generateIdentity();
    const identityFile = path.join(dir, 'identity.txt');
    await writeFile(identityFile, formatIdentityFile(identity), { mode: 0o600 });
    process.stderr.write(`bench: ui setup (${EVENTS} events, ${EVIDENCE_MIB} MiB bundle)\n`);
    const entry = (await buildEntries(path.join(dir, 'built'))).core;
    const source = await prepare(dir, identity.recipient);
    await mkdir(path.join(dir, 'config'));
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], OUTPOST_CONFIG_DIR: path.join(dir, 'config'), OUTPOST_VAULT: '' };

    const forked = await measure(
      async (vaultDir) => {
        const client = new CoreClient(() => forkCore(entry, ['--vault', vaultDir], env));
        await client.start();
        return { dispatch: client.dispatch, forward: (method, args) => client.dispatchJson(method, args), close: () => client.close() };
      },
      path.join(dir, 'import-forked'),
      source,
      identityFile,
    );
    const inProcess = await measure(
      async (vaultDir) => {
        const core = createCore({ vaultDir });
        return { dispatch: core.dispatch, close: () => core.close() };
      },
      path.join(dir, 'import-in-process'),
      source,
      identityFile,
    );
    const context = (p: Phases) => ({ importMaxMs: p.importStall.maxMs, importP99Ms: p.importStall.p99Ms, importMs: p.importStall.ms, openMaxMs: p.openStall.maxMs, openP99Ms: p.openStall.p99Ms, openMs: p.openStall.ms, events: EVENTS, bundleMiB: EVIDENCE_MIB });
    return [
      { name: 'ui.main_stall.max_ms', value: Math.max(forked.importStall.maxMs, forked.openStall.maxMs), unit: 'ms', target: 50, core: 'own process (fork, as utilityProcess)', ...context(forked) },
      { name: 'ui.main_stall.in_process_max_ms', value: Math.max(inProcess.importStall.maxMs, inProcess.openStall.maxMs), unit: 'ms', core: 'in the window process (before)', ...context(inProcess) },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

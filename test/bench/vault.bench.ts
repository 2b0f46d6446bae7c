/**
 * Vault benchmarks (issue: encrypted vault and append-only event log):
 *  - vault.append.p50_ms / p99_ms: one durable append to a case holding
 *    10,000 events, in a vault of 1,000 cases (targets 10 ms / 40 ms);
 *  - vault.append.scale_ratio: append p50 in a vault of 10,000 cases over
 *    that in a vault of 10 cases (target ≤ 1.3);
 *  - vault.open_list.ms: unlock (KDF time excluded) and list 10,000 case
 *    summaries (target ≤ 300 ms).
 * Vaults are built through the same session API the app uses.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { VaultSession } from '../../electron/core/vault/session';
import { readHeader } from '../../electron/core/vault/store/header';
import { deriveKek, weakKdfCost } from '../../electron/core/vault/store/kdf';
import { Vault } from '../../electron/core/vault/vault';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };

export const benchmarks = ['vault.append.p50_ms', 'vault.append.p99_ms', 'vault.append.scale_ratio', 'vault.open_list.ms'];

const PASSPHRASE = 'benchmark passphrase';
const kdf = { cost: weakKdfCost, allowWeak: true };
const note = (n: number) => ({ noteId: randomUUID(), text: `Observation ${n}: ${'lorem ipsum dolor sit amet '.repeat(12)}` });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function withVault<T>(work: (vault: Vault, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-vault-bench-'));
  const vault = new Vault({ dir, kdf, defaultActor: 'Bench' });
  try {
    await vault.create(PASSPHRASE);
    return await work(vault, dir);
  } finally {
    await vault.lock();
    await rm(dir, { recursive: true, force: true });
  }
}

async function fillCases(session: VaultSession, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await session.createCase({ title: `Case ${i}`, category: 'test', priority: 'low', status: 'new', site: `Site ${i % 17}` });
    if (i > 0 && i % 2000 === 0) process.stderr.write(`bench: ${i} cases\n`);
  }
}

async function appendTimings(session: VaultSession, caseId: string, samples: number): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await session.append(caseId, 'note.added', note(i));
    timings.push(performance.now() - start);
  }
  return timings.sort((a, b) => a - b);
}

async function appendBench(): Promise<Result[]> {
  return withVault(async (vault) => {
    const session = vault.unlocked();
    await fillCases(session, 999);
    const { id } = await session.createCase({ title: 'Busy case', category: 'test', priority: 'high', status: 'responding', site: 'HQ' });
    for (let i = 0; i < 9_999; i++) await session.append(id, 'note.added', note(i));
    const timings = await appendTimings(session, id, 1000);
    const context = { cases: 1000, eventsInCase: 10_000, samples: timings.length };
    return [
      { name: 'vault.append.p50_ms', value: round(percentile(timings, 50)), unit: 'ms', target: 10, ...context },
      { name: 'vault.append.p99_ms', value: round(percentile(timings, 99)), unit: 'ms', target: 40, ...context },
    ];
  });
}

async function p50InVaultOf(cases: number, measure?: (vault: Vault, dir: string) => Promise<void>): Promise<number> {
  return withVault(async (vault, dir) => {
    const session = vault.unlocked();
    await fillCases(session, cases - 1);
    const { id } = await session.createCase({ title: 'Measured case', category: 'test', priority: 'high', status: 'responding', site: 'HQ' });
    for (let i = 0; i < 999; i++) await session.append(id, 'note.added', note(i));
    const p50 = percentile(await appendTimings(session, id, 500), 50);
    if (measure) await measure(vault, dir);
    return p50;
  });
}

async function openList(vault: Vault, dir: string): Promise<Result> {
  await vault.lock();
  const header = await readHeader(dir, { allowWeak: true });
  if (!header) throw new Error('no header');
  const kdfStart = performance.now();
  (await deriveKek(PASSPHRASE, header.kdf, { allowWeak: true })).fill(0);
  const kdfMs = performance.now() - kdfStart;
  const start = performance.now();
  await vault.unlock(PASSPHRASE);
  const listed = vault.unlocked().listCases();
  const total = performance.now() - start;
  if (listed.length !== 10_000) throw new Error(`listed ${listed.length} cases`);
  return { name: 'vault.open_list.ms', value: round(total - kdfMs), unit: 'ms', target: 300, cases: listed.length, kdfMs: round(kdfMs) };
}

export async function run(): Promise<Result[]> {
  const results = await appendBench();
  let listResult: Result | null = null;
  const small = await p50InVaultOf(10);
  const large = await p50InVaultOf(10_000, async (vault, dir) => {
    listResult = await openList(vault, dir);
  });
  results.push({ name: 'vault.append.scale_ratio', value: round(large / small), unit: 'ratio', target: 1.3, p50SmallMs: round(small), p50LargeMs: round(large), smallCases: 10, largeCases: 10_000 });
  if (listResult) results.push(listResult);
  return results;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

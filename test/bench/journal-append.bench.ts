import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encodeRecord, journalFileHeader, journalPath, openJournal } from '../../electron/core/vault/store/journal';

/**
 * Latency of one durable append (seal, one write, fdatasync) of a ~500-byte
 * event to a journal that already holds 10,000 records. The prefill writes
 * the same bytes append would, in one go, to keep the benchmark short.
 */
export const benchmarks = ['journal.append.p50_ms', 'journal.append.p99_ms'];

export async function run(): Promise<Array<{ name: string; value: number; unit: string; [k: string]: unknown }>> {
  const existing = 10_000;
  const samples = 1_000;
  const payloadBytes = 500;
  const key = randomBytes(32);
  const vaultId = randomBytes(16).toString('hex');
  const caseId = 'bench-case';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-append-bench-'));
  try {
    const records = Array.from({ length: existing }, (_, n) => encodeRecord(key, vaultId, caseId, n, randomBytes(payloadBytes)));
    const file = await open(journalPath(dir, caseId), 'wx', 0o600);
    await file.writeFile(Buffer.concat([journalFileHeader(), ...records]));
    await file.sync();
    await file.close();

    const openedAt = performance.now();
    const journal = await openJournal({ dir, caseId, key, vaultId, expectedMinRecords: existing });
    const openMs = performance.now() - openedAt;
    const timings: number[] = [];
    for (let n = 0; n < samples; n += 1) {
      const payload = randomBytes(payloadBytes);
      const start = performance.now();
      await journal.append(payload);
      timings.push(performance.now() - start);
    }
    await journal.close();
    timings.sort((a, b) => a - b);
    const at = (q: number): number => Math.round((timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? Number.NaN) * 1000) / 1000;
    const context = { records: existing, samples, payloadBytes, openMs: Math.round(openMs) };
    return [
      { name: 'journal.append.p50_ms', value: at(0.5), unit: 'ms', ...context },
      { name: 'journal.append.p99_ms', value: at(0.99), unit: 'ms', ...context },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

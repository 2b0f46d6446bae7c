/**
 * Evidence benchmarks (issue: evidence log with streamed intake):
 *  - evidence.intake.mb_s: intake (hash + encrypt + durable store + event)
 *    of a 1 GiB file through the API, in MB/s (10^6 bytes);
 *  - evidence.intake.vs_sha256sum: that time over `sha256sum` on the same
 *    file in the same run (target ≤ 1.0);
 *  - evidence.intake.peak_rss_mb: peak RSS (VmHWM) of the process doing the
 *    intake, for a 256 MiB and a 1 GiB file (target ≤ 150, and flat);
 *  - evidence.verify.mb_s: re-verification (decrypt + SHA-256) of the stored blob.
 * Each intake runs in a child process (this file, run again with
 * OUTPOST_EVIDENCE_BENCH_CHILD set), so its peak memory is its own. The
 * files are random, written 1 MiB at a time in os.tmpdir(), and removed.
 * Both tools read the file from the page cache: sha256sum runs first and
 * warms it; the best of two runs of each is kept.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../electron/core/core';
import { weakKdfCost } from '../../electron/core/vault/store/kdf';
import type { JobView } from '../../shared/api/evidence-schemas';
import { peakRssMb, writeRandom } from './support/process-files';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };
type ChildReport = { intakeMs: number; verifyMs: number; peakRssMb: number; sha256: string };

export const benchmarks = ['evidence.intake.mb_s', 'evidence.intake.vs_sha256sum', 'evidence.intake.peak_rss_mb', 'evidence.verify.mb_s'];

const MiB = 1024 * 1024;
const CHILD = 'OUTPOST_EVIDENCE_BENCH_CHILD';

/** In the child: a vault, a case, an item; then the timed intake and verification through the API. */
async function child(spec: { file: string; vaultDir: string }): Promise<void> {
  const core = createCore({ vaultDir: spec.vaultDir, kdf: { cost: weakKdfCost, allowWeak: true } });
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const result = await core.dispatch(method, args);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const finish = async (job: JobView): Promise<JobView> => {
    let view = job;
    while (view.state === 'running') view = await call<JobView>('job.wait', { jobId: job.jobId, timeoutMs: 5000 });
    if (view.state !== 'done') throw new Error(`${view.label}: ${view.state} ${view.error?.message ?? ''}`);
    return view;
  };
  await call('vault.create', { passphrase: 'benchmark passphrase' });
  const { id: caseId } = await call<{ id: string }>('case.create', { title: 'Bench', category: 'other', priority: 'low' });
  const { id: itemId } = await call<{ id: string }>('evidence.register', { caseId, description: 'Bench image', type: 'disk-image' });
  const start = performance.now();
  const intake = await finish(await call<JobView>('evidence.attach', { caseId, itemId, path: spec.file }));
  const intakeMs = performance.now() - start;
  const peak = await peakRssMb();
  const verifyStart = performance.now();
  await finish(await call<JobView>('evidence.verify', { caseId }));
  const verifyMs = performance.now() - verifyStart;
  await core.close();
  const report: ChildReport = { intakeMs, verifyMs, peakRssMb: peak, sha256: (intake.result as { sha256: string }).sha256 };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function runChild(file: string, vaultDir: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, [CHILD]: JSON.stringify({ file, vaultDir }) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildReport) : reject(new Error(`bench child exited with ${String(code)}`))));
  });
}

function sha256sum(file: string): { ms: number; digest: string } {
  const start = performance.now();
  const out = execFileSync('sha256sum', [file], { encoding: 'utf8' });
  return { ms: performance.now() - start, digest: out.split(' ')[0] ?? '' };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function run(): Promise<Result[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-evidence-bench-'));
  try {
    const results: Result[] = [];
    for (const mib of [256, 1024]) {
      const file = path.join(dir, `source-${mib}.bin`);
      await writeRandom(file, mib * MiB);
      const sums: number[] = [];
      const ours: ChildReport[] = [];
      for (let round = 0; round < 2; round++) {
        const sum = sha256sum(file);
        sums.push(sum.ms);
        const report = await runChild(file, path.join(dir, `vault-${mib}-${round}`));
        if (report.sha256 !== sum.digest) throw new Error(`digest mismatch: ${report.sha256} vs sha256sum ${sum.digest}`);
        ours.push(report);
        await rm(path.join(dir, `vault-${mib}-${round}`), { recursive: true, force: true });
      }
      const best = ours.reduce((a, b) => (b.intakeMs < a.intakeMs ? b : a));
      const bestSum = Math.min(...sums);
      const mb = (mib * MiB) / 1e6;
      results.push({ name: 'evidence.intake.peak_rss_mb', value: Math.max(...ours.map((o) => o.peakRssMb)), unit: 'MB', target: 150, fileMiB: mib });
      if (mib === 1024) {
        results.push({ name: 'evidence.intake.mb_s', value: round(mb / (best.intakeMs / 1000)), unit: 'MB/s', fileMiB: mib, intakeMs: ours.map((o) => round(o.intakeMs)) });
        results.push({ name: 'evidence.intake.vs_sha256sum', value: round(best.intakeMs / bestSum), unit: 'ratio', target: 1, intakeMs: round(best.intakeMs), sha256sumMs: sums.map(round) });
        const verify = Math.min(...ours.map((o) => o.verifyMs));
        results.push({ name: 'evidence.verify.mb_s', value: round(mb / (verify / 1000)), unit: 'MB/s', fileMiB: mib, verifyMs: round(verify) });
      }
      await rm(file, { force: true });
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childSpec = process.env[CHILD];
if (childSpec) {
  child(JSON.parse(childSpec) as { file: string; vaultDir: string }).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

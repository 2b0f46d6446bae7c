/**
 * Case bundle benchmarks (issue 7, case bundles):
 *  - bundle.export.vs_tar_age: `bundle.export` of a case with 10,000 events
 *    and 1 GiB of evidence, over `tar -c` of the same plaintext (the events
 *    as one file + the evidence files) piped to `age -r` in the same run
 *    (target ≤ 1.0); bundle.export.mb_s gives the export's rate;
 *  - bundle.import.vs_age_decrypt: `bundle.import` (full verification) of
 *    that bundle into a fresh vault, over `age -d -i | tar -x` of the same
 *    bundle (target ≤ 1.5);
 *  - bundle.peak_rss_mb: peak RSS (VmHWM) of the process doing the export,
 *    and of the one doing the import (target ≤ 200);
 *  - bundle.merge.ms: a fresh coordinator imports 20 bundles of one case from
 *    20 devices, 5,000 events each (target ≤ 3,000 ms);
 *  - bundle.reimport.ms: importing the same 20 again, which must change
 *    nothing (target ≤ 500 ms).
 * Bundles are encrypted to an X25519 recipient made with generateIdentity();
 * importers use its identity file, as does the age CLI. Setup, export and
 * import of the 1 GiB case each run in their own child process (this file,
 * run again with OUTPOST_BUNDLE_BENCH_CHILD set), so peak memory is the
 * measured step's own. Evidence files are random, written 1 MiB at a time in
 * os.tmpdir(), and removed. OUTPOST_BUNDLE_BENCH_EVENTS_PER_DEVICE and
 * OUTPOST_BUNDLE_BENCH_DEVICES can shrink the merge setup,
 * OUTPOST_BUNDLE_BENCH_EVENTS and OUTPOST_BUNDLE_BENCH_EVIDENCE_MIB the big
 * case (for a quick check); the results say which sizes ran.
 *  - bundle.export.vs_tar_age.electron_backend (target ≤ 1.2) and
 *    bundle.import.vs_age_decrypt.electron_backend (target ≤ 1.8): the same
 *    export and import as the desktop app runs them, the runtime's cipher
 *    list as Electron's BoringSSL has it (no chacha20-poly1305), so the
 *    ChaCha20-Poly1305 is chosen as there (electron/core/age/chacha.ts).
 * The export and import children say which ChaCha20-Poly1305 they used
 * (`chacha`): sodium-native wherever it loads, Electron included.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBackend, formatIdentityFile, generateIdentity } from '../../electron/core/age/index';
import { eventLineWorkers } from '../../electron/core/bundles/event-lines-pool';
import type { BundleExportResult, BundleImportReport } from '../../shared/api/bundle-schemas';
import { addNotes, openDesk, round, type Desk } from './support/bench-desk';
import { peakRssMb, writeRandom } from './support/process-files';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };
type Step = 'setup' | 'export' | 'import';
/** `boringssl`: the runtime's cipher list as Electron's BoringSSL has it (no chacha20-poly1305), so the backend is chosen as in the app. */
type Runtime = 'node' | 'boringssl';
type ChildSpec = { step: Step; vaultDir: string; work: string; bundle: string; recipient: string; identityFile: string; runtime: Runtime };
type ChildReport = { ms: number; peakRssMb: number; caseId?: string; files?: string[]; bytes?: number; changes?: number; chacha?: string };

export const benchmarks = ['bundle.export.vs_tar_age', 'bundle.export.mb_s', 'bundle.import.vs_age_decrypt', 'bundle.peak_rss_mb', 'bundle.export.vs_tar_age.electron_backend', 'bundle.import.vs_age_decrypt.electron_backend', 'bundle.merge.ms', 'bundle.reimport.ms'];

const MiB = 1024 * 1024;
const CHILD = 'OUTPOST_BUNDLE_BENCH_CHILD';
const AGE = process.env.OUTPOST_AGE ?? 'age';
const EVENTS = Number(process.env.OUTPOST_BUNDLE_BENCH_EVENTS ?? 10_000);
const EVIDENCE_MIB = Number(process.env.OUTPOST_BUNDLE_BENCH_EVIDENCE_MIB ?? 1024);
const EVIDENCE_FILES = [(EVIDENCE_MIB / 2) * MiB, (EVIDENCE_MIB / 2) * MiB];
const DEVICES = Number(process.env.OUTPOST_BUNDLE_BENCH_DEVICES ?? 20);
const EVENTS_PER_DEVICE = Number(process.env.OUTPOST_BUNDLE_BENCH_EVENTS_PER_DEVICE ?? 5_000);

/** As in Electron, whose BoringSSL lists no chacha20-poly1305: the backend is then chosen from that list, as there. */
function withoutNodeChaCha(): void {
  const ciphers = crypto.getCiphers();
  crypto.getCiphers = () => ciphers.filter((c) => c !== 'chacha20-poly1305');
  syncBuiltinESMExports();
}

/** In a child process: one step of the 1 GiB case. */
async function child(spec: ChildSpec): Promise<ChildReport> {
  if (spec.runtime === 'boringssl' && spec.step !== 'setup') withoutNodeChaCha();
  if (spec.step === 'setup') {
    const desk = await openDesk(spec.vaultDir, true);
    const { id: caseId } = await desk.call<{ id: string }>('case.create', { title: 'Bench outbreak', category: 'malicious-code', priority: 'high' });
    await addNotes(desk.core, caseId, EVENTS - 1);
    const files: string[] = [];
    for (const [i, size] of EVIDENCE_FILES.entries()) {
      const file = path.join(spec.work, `evidence-${i}.bin`);
      await writeRandom(file, size);
      const item = await desk.call<{ id: string }>('evidence.register', { caseId, description: `disk ${i}`, type: 'disk-image' });
      await desk.run('evidence.attach', { caseId, itemId: item.id, path: file });
      files.push(path.basename(file));
    }
    // The events as one plaintext file, for the tar | age side.
    const events = await desk.core.vault.unlocked().caseEvents(caseId);
    await writeFile(path.join(spec.work, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    files.unshift('events.jsonl');
    await desk.core.close();
    return { ms: 0, peakRssMb: await peakRssMb(), caseId, files };
  }
  if (spec.step === 'export') {
    const desk = await openDesk(spec.vaultDir, false);
    const caseId = desk.core.vault.unlocked().listCases()[0]?.id ?? '';
    const start = performance.now();
    const result = await desk.run<BundleExportResult>('bundle.export', { caseIds: [caseId], path: spec.bundle, recipients: [spec.recipient] });
    const ms = performance.now() - start;
    await desk.core.close();
    return { ms, peakRssMb: await peakRssMb(), bytes: result.bytes, chacha: defaultBackend().name };
  }
  const desk = await openDesk(spec.vaultDir, true);
  const start = performance.now();
  const report = await desk.run<BundleImportReport>('bundle.import', { path: spec.bundle, identityFile: spec.identityFile });
  const ms = performance.now() - start;
  await desk.core.close();
  // A fresh vault is in no team, so the roster rules do not hold the bundle: it must be applied, not held.
  if (report.held !== null || report.newCases.length !== 1 || report.evidenceFilesAdded !== EVIDENCE_FILES.length) throw new Error(`unexpected import report: ${JSON.stringify(report).slice(0, 500)}`);
  return { ms, peakRssMb: await peakRssMb(), changes: changesIn(report), chacha: defaultBackend().name };
}

function runChild(spec: ChildSpec): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, [CHILD]: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildReport) : reject(new Error(`bench child (${spec.step}) exited with ${String(code)}`))));
  });
}

function shell(script: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const proc = spawn('/bin/sh', ['-c', `set -e; ${script}`, 'sh', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${script} failed (${String(code)}): ${stderr}`))));
  });
}

function changesIn(report: BundleImportReport): number {
  return report.newCases.length + Object.values(report.newEventsByDevice).reduce((a, b) => a + b, 0) + report.evidenceFilesAdded + report.newDevices.length;
}

async function bigCase(dir: string, recipient: string, identityFile: string): Promise<Result[]> {
  const work = path.join(dir, 'big');
  await mkdir(work);
  const bundle = path.join(work, 'case.outpost');
  const spec = (step: Step, vaultDir: string, runtime: Runtime = 'node'): ChildSpec => ({ step, vaultDir, work, bundle, recipient, identityFile, runtime });
  process.stderr.write(`bench: bundle setup (${EVENTS} events, ${EVIDENCE_MIB} MiB evidence)\n`);
  const setup = await runChild(spec('setup', path.join(work, 'vault')));
  // The evidence files just written are still being flushed to disk: the first runs of both sides would pay for it.
  await shell('sync', []);
  const files = setup.files ?? [];
  const plainBytes = (await Promise.all(files.map((f) => stat(path.join(work, f))))).reduce((a, s) => a + s.size, 0);

  // Warm the page cache the same way for both sides: tar | age first, then ours; best of two each.
  const tarAgeMs: number[] = [];
  const exportRuns: ChildReport[] = [];
  for (let i = 0; i < 2; i++) {
    await shell('sync', []);
    tarAgeMs.push(await shell('cd "$1"; shift; out="$1"; shift; r="$1"; shift; tar -c "$@" | "$AGE_BIN" -r "$r" -o "$out"', [work, path.join(work, 'cli.tar.age'), recipient, ...files]));
    await rm(bundle, { force: true });
    await shell('sync', []);
    exportRuns.push(await runChild(spec('export', path.join(work, 'vault'))));
  }
  await rm(path.join(work, 'cli.tar.age'), { force: true });
  const ageDecryptMs: number[] = [];
  const ageDecryptSyncMs: number[] = [];
  const importRuns: ChildReport[] = [];
  for (let i = 0; i < 2; i++) {
    const out = path.join(work, `untar-${i}`);
    await mkdir(out);
    // Each timed run starts with nothing of the run before still on its way to the disk.
    await shell('sync', []);
    ageDecryptMs.push(await shell('"$AGE_BIN" -d -i "$1" "$2" | tar -x -C "$3"', [identityFile, bundle, out]));
    // The import makes its files durable (fsync) before it answers; tar does not. For comparison only:
    // the same again, until the files are on the disk.
    await rm(out, { recursive: true, force: true });
    await mkdir(out);
    await shell('sync', []);
    ageDecryptSyncMs.push(await shell('"$AGE_BIN" -d -i "$1" "$2" | tar -x -C "$3"; sync', [identityFile, bundle, out]));
    await rm(out, { recursive: true, force: true });
    await shell('sync', []);
    importRuns.push(await runChild(spec('import', path.join(work, `import-${i}`))));
    await rm(path.join(work, `import-${i}`), { recursive: true, force: true });
  }
  // The same export and import as the desktop app runs them: its runtime's cipher list, the backend chosen from it.
  const electronExports: ChildReport[] = [];
  const electronImports: ChildReport[] = [];
  for (let i = 0; i < 2; i++) {
    await rm(bundle, { force: true });
    await shell('sync', []);
    electronExports.push(await runChild(spec('export', path.join(work, 'vault'), 'boringssl')));
    await shell('sync', []);
    electronImports.push(await runChild(spec('import', path.join(work, `import-e${i}`), 'boringssl')));
    await rm(path.join(work, `import-e${i}`), { recursive: true, force: true });
  }
  const exportMs = Math.min(...exportRuns.map((r) => r.ms));
  const importMs = Math.min(...importRuns.map((r) => r.ms));
  const electronContext = { events: EVENTS, evidenceMiB: EVIDENCE_FILES.reduce((a, b) => a + b, 0) / MiB, chacha: [...new Set([...electronExports, ...electronImports].map((r) => r.chacha))].join(','), peakRssMb: Math.max(...electronExports.map((r) => r.peakRssMb), ...electronImports.map((r) => r.peakRssMb)) };
  const context = { events: EVENTS, evidenceMiB: EVIDENCE_FILES.reduce((a, b) => a + b, 0) / MiB, evidenceFiles: EVIDENCE_FILES.length, chacha: [...new Set([...exportRuns, ...importRuns].map((r) => r.chacha))].join(',') };
  return [
    { name: 'bundle.export.vs_tar_age', value: round(exportMs / Math.min(...tarAgeMs)), unit: 'ratio', target: 1, exportMs: exportRuns.map((r) => round(r.ms)), tarAgeMs: tarAgeMs.map(round), ...context },
    { name: 'bundle.export.mb_s', value: round(plainBytes / 1e6 / (exportMs / 1000)), unit: 'MB/s', plainBytes, bundleBytes: exportRuns[0]?.bytes, exportMs: round(exportMs), ...context },
    { name: 'bundle.import.vs_age_decrypt', value: round(importMs / Math.min(...ageDecryptMs)), unit: 'ratio', target: 1.5, importMs: importRuns.map((r) => round(r.ms)), ageDecryptTarMs: ageDecryptMs.map(round), ageDecryptTarSyncMs: ageDecryptSyncMs.map(round), ...context },
    { name: 'bundle.export.vs_tar_age.electron_backend', value: round(Math.min(...electronExports.map((r) => r.ms)) / Math.min(...tarAgeMs)), unit: 'ratio', target: 1.2, exportMs: electronExports.map((r) => round(r.ms)), tarAgeMs: tarAgeMs.map(round), ...electronContext },
    { name: 'bundle.import.vs_age_decrypt.electron_backend', value: round(Math.min(...electronImports.map((r) => r.ms)) / Math.min(...ageDecryptMs)), unit: 'ratio', target: 1.8, importMs: electronImports.map((r) => round(r.ms)), ageDecryptTarMs: ageDecryptMs.map(round), ...electronContext },
    {
      name: 'bundle.peak_rss_mb',
      value: Math.max(...exportRuns.map((r) => r.peakRssMb), ...importRuns.map((r) => r.peakRssMb)),
      unit: 'MB',
      target: 200,
      exportPeakMb: exportRuns.map((r) => r.peakRssMb),
      importPeakMb: importRuns.map((r) => r.peakRssMb),
      setupPeakMb: setup.peakRssMb,
      ...context,
    },
  ];
}

async function merge(dir: string, recipient: string, identityFile: string): Promise<Result[]> {
  const work = path.join(dir, 'merge');
  await mkdir(work);
  const bundles: string[] = [];
  const setupStart = performance.now();
  // The coordinator's team enrols every device first: a team vault holds bundles from devices not on its roster.
  const coordinator = await openDesk(path.join(work, 'coordinator'), true);
  await coordinator.call('keys.coordinatorInit', {});
  const enrol = async (desk: Desk, d: number) => {
    const request = path.join(work, `join-${d}.json`);
    await desk.call('team.joinRequest', { path: request, name: `Responder ${d}` });
    await coordinator.call('team.approve', { path: request });
  };
  const first = await openDesk(path.join(work, 'device-0'), true);
  const { id: caseId } = await first.call<{ id: string }>('case.create', { title: 'Shared outbreak', category: 'malicious-code', priority: 'high' });
  const start = path.join(work, 'start.outpost');
  await first.run('bundle.export', { caseIds: [caseId], path: start, recipients: [recipient] });
  for (let d = 0; d < DEVICES; d++) {
    const desk = d === 0 ? first : await openDesk(path.join(work, `device-${d}`), true);
    if (d > 0) await desk.run('bundle.import', { path: start, identityFile });
    await enrol(desk, d);
    await addNotes(desk.core, caseId, EVENTS_PER_DEVICE);
    const file = path.join(work, `device-${d}.outpost`);
    await desk.run('bundle.export', { caseIds: [caseId], path: file, recipients: [recipient] });
    bundles.push(file);
    await desk.core.close();
    process.stderr.write(`bench: merge device ${d + 1}/${DEVICES} ready\n`);
  }
  const setupMs = performance.now() - setupStart;

  const importAll = async (): Promise<{ ms: number; changes: number; duplicates: number; conflicts: number }> => {
    let changes = 0;
    let duplicates = 0;
    let conflicts = 0;
    const t0 = performance.now();
    for (const file of bundles) {
      const report = await coordinator.run<BundleImportReport>('bundle.import', { path: file, identityFile });
      if (report.held) throw new Error(`${file} was held: its device is not on the coordinator's roster`);
      changes += changesIn(report);
      duplicates += report.duplicatesSkipped;
      conflicts += report.conflicts.length;
    }
    return { ms: performance.now() - t0, changes, duplicates, conflicts };
  };
  const merged = await importAll();
  const again = await importAll();
  const total = (await coordinator.call<{ total: number }>('case.history', { id: caseId, offset: 0, limit: 1 })).total;
  await coordinator.core.close();
  const context = { devices: DEVICES, enrolled: true, eventsPerDevice: EVENTS_PER_DEVICE, eventsInCase: total, lineCheckWorkers: eventLineWorkers(), setupMs: round(setupMs) };
  return [
    { name: 'bundle.merge.ms', value: round(merged.ms), unit: 'ms', target: 3000, changes: merged.changes, duplicatesSkipped: merged.duplicates, conflicts: merged.conflicts, ...context },
    { name: 'bundle.reimport.ms', value: round(again.ms), unit: 'ms', target: 500, changes: again.changes, changesOk: again.changes === 0, duplicatesSkipped: again.duplicates, ...context },
  ];
}

export async function run(): Promise<Result[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-bundle-bench-'));
  process.env.AGE_BIN = AGE;
  try {
    const identity = generateIdentity();
    const identityFile = path.join(dir, 'identity.txt');
    await writeFile(identityFile, formatIdentityFile(identity), { mode: 0o600 });
    const results: Result[] = [];
    const only = process.env.OUTPOST_BUNDLE_BENCH_ONLY;
    // A part that fails still prints its figures, as NaN with the error.
    const attempt = async (names: string[], part: () => Promise<Result[]>): Promise<void> => {
      try {
        results.push(...(await part()));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`bench: ${names.join(', ')} failed: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
        for (const name of names) results.push({ name, value: Number.NaN, unit: '', error: message });
      }
    };
    if (only !== 'merge') await attempt(benchmarks.slice(0, 6), () => bigCase(dir, identity.recipient, identityFile));
    if (only !== 'big') await attempt(benchmarks.slice(6), () => merge(dir, identity.recipient, identityFile));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childSpec = process.env[CHILD];
if (childSpec) {
  child(JSON.parse(childSpec) as ChildSpec).then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

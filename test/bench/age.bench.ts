/**
 * age layer benchmarks (issue 7, case bundles), on a 256 MiB file of random
 * bytes read from disk and written to /dev/null:
 *  - age.encrypt.mb_s / age.decrypt.mb_s: our streaming age with the
 *    ChaCha20-Poly1305 the app uses (sodium-native wherever it loads, the
 *    desktop app included; `backend` says which);
 *  - age.encrypt.node.mb_s / age.decrypt.node.mb_s: the same with
 *    node:crypto's (OpenSSL), and .noble with the pure-JS fallback;
 *  - age.encrypt.vs_age_cli: our encryption time over `age -r` on the same
 *    file in the same run (target ≤ 1.0), with the app's backend.
 * Each figure is the median of 3 runs. Files are read in 1 MiB pieces, as a
 * bulk exporter would.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, createEncryptStream, defaultBackend, generateIdentity, nobleBackend, nodeBackend, recipientOf, type ChaChaBackend } from '../../electron/core/age/index';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };

export const benchmarks = ['age.encrypt.mb_s', 'age.decrypt.mb_s', 'age.encrypt.node.mb_s', 'age.decrypt.node.mb_s', 'age.encrypt.noble.mb_s', 'age.decrypt.noble.mb_s', 'age.encrypt.vs_age_cli'];

const SIZE = 256 * 1024 * 1024;
const MB = SIZE / (1024 * 1024);
const RUNS = 3;
const AGE = process.env.OUTPOST_AGE ?? '/usr/bin/age';

async function median(runs: number, measure: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await measure());
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function runAge(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(AGE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`age ${args.join(' ')} failed (${code}): ${stderr}`))));
  });
}

export async function run(): Promise<Result[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-age-bench-'));
  try {
    const plain = path.join(dir, 'plain.bin');
    const sealed = path.join(dir, 'sealed.age');
    await writeFile(plain, randomBytes(SIZE));
    const identity = generateIdentity();
    const recipients = [recipientOf(identity)];
    const read = (file: string): ReturnType<typeof createReadStream> => createReadStream(file, { highWaterMark: 1024 * 1024 });
    const encrypt = (backend: ChaChaBackend, out = '/dev/null'): Promise<void> => pipeline(read(plain), createEncryptStream({ recipients, backend }), createWriteStream(out));
    const decrypt = (backend: ChaChaBackend): Promise<void> => pipeline(read(sealed), createDecryptStream({ identities: [identity], backend }), createWriteStream('/dev/null'));
    await encrypt(nodeBackend, sealed);
    const results: Result[] = [];
    const context = { sizeMiB: MB, runs: RUNS, chunkKiB: 64, cores: availableParallelism() };
    // The backend the app uses (sodium-native wherever it loads), then OpenSSL's and the pure-JS fallback for comparison.
    const used = defaultBackend();
    for (const backend of [used, nodeBackend, nobleBackend].filter((b, i, all) => all.indexOf(b) === i)) {
      const infix = backend === used ? '' : `.${backend.name}`;
      const encryptMs = await median(RUNS, () => timed(() => encrypt(backend)));
      const decryptMs = await median(RUNS, () => timed(() => decrypt(backend)));
      results.push({ name: `age.encrypt${infix}.mb_s`, value: round(MB / (encryptMs / 1000)), unit: 'MB/s', backend: backend.name, ms: round(encryptMs), ...context });
      results.push({ name: `age.decrypt${infix}.mb_s`, value: round(MB / (decryptMs / 1000)), unit: 'MB/s', backend: backend.name, ms: round(decryptMs), ...context });
    }
    const oursMs = await median(RUNS, () => timed(() => encrypt(used)));
    const ageMs = await median(RUNS, () => timed(() => runAge(['-r', identity.recipient, '-o', '/dev/null', plain])));
    results.push({
      name: 'age.encrypt.vs_age_cli',
      value: round(oursMs / ageMs),
      unit: 'ratio',
      target: 1.0,
      backend: used.name,
      oursMs: round(oursMs),
      ageMs: round(ageMs),
      ...context,
    });
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

import { spawn } from 'node:child_process';
import path from 'node:path';
import { createCore } from '../../electron/core/core';
import { buildEntries } from '../support/built-entries';
import { makeTempDir } from '../support/temp-dir';

export const benchmarks = ['vault.lock.contended_ms'];

const PASSPHRASE = 'correct horse battery staple';
const RUNS = 15;

/** Spawn to exit of one `outpost case list` refused because the vault is held. */
function timedRefusal(cli: string, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'case', 'list'], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...env } });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) =>
    child.once('close', (code) => (code === 4 ? resolve(performance.now() - started) : reject(new Error(`expected exit 4 (busy), got ${String(code)}: ${stderr}`)))),
  );
}

/**
 * `vault.lock.contended_ms`: a vault held unlocked by this process (as the
 * browser-mode host would), and a second program, the real CLI (`node
 * cli.cjs`, as bin/outpost.cjs runs it), asked to open it: milliseconds from
 * spawn to exit with "busy", median of 15 runs (target ≤ 200). The lock is
 * taken before the passphrase's key derivation, so this is mostly Node's
 * start-up and loading the CLI.
 */
export async function run(): Promise<Array<{ name: string; value: number; unit: string; [k: string]: unknown }>> {
  const { dir, cleanup } = await makeTempDir('outpost-bench-lock-');
  try {
    const { cli } = await buildEntries(path.join(dir, 'built'));
    const vaultDir = path.join(dir, 'vault');
    const holder = createCore({ vaultDir, lock: { program: 'host' } });
    await holder.vault.create(PASSPHRASE);
    const env = { OUTPOST_VAULT: vaultDir, OUTPOST_PASSPHRASE: PASSPHRASE, OUTPOST_CONFIG_DIR: path.join(dir, 'config') };
    try {
      await timedRefusal(cli, env); // warm the file cache
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await timedRefusal(cli, env));
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? NaN;
      return [{ name: 'vault.lock.contended_ms', value: Math.round(median), unit: 'ms', target: 200, runs: RUNS, min: Math.round(times[0] ?? NaN), max: Math.round(times[times.length - 1] ?? NaN) }];
    } finally {
      await holder.close();
    }
  } finally {
    await cleanup();
  }
}

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/core';
import { unlockKeys } from '../../../../electron/core/vault/rekey/rekey-header';
import { parseHeader } from '../../../../electron/core/vault/store/header';
import { makeTempDir } from '../../../support/temp-dir';
import { PASSPHRASE, testKdf } from '../../../support/vault-fixture';
import { locate, runAndKill } from '../store/fixtures/crash-harness';
import { call, content, filesOpenedBy, populate, verifyAll } from './fixtures/rekey-fixture';

describe('replacing the data key, killed at random moments', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(() => cleanup());

  it('always leaves a vault that opens with the passphrase and reads the same, and a later run finishes', { timeout: 120_000 }, async () => {
    const vaultDir = path.join(dir, 'vault');
    await mkdir(path.join(dir, 'scratch'));
    const runner = path.join(dir, 'rekey-runner.cjs');
    await build({ entryPoints: [locate('test/unit/core/vault/fixtures/rekey-runner.ts')], outfile: runner, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
    const core = createCore({ vaultDir, kdf: testKdf });
    await call(core, 'vault.create', { passphrase: PASSPHRASE });
    await populate(core, path.join(dir, 'scratch'));
    const before = await content(core);
    const vaultId = (await call<{ vaultId: string }>(core, 'settings.get')).vaultId;
    await core.close();
    const headers = [await readFile(path.join(vaultDir, 'vault.json'), 'utf8')];

    let finishedRuns = 0;
    for (let cycle = 0; cycle < 8; cycle++) {
      if ((await runOrKill(runner, JSON.stringify({ dir: vaultDir, passphrase: PASSPHRASE }), Math.random() * 60)) === 'finished') finishedRuns++;
      const check = createCore({ vaultDir, kdf: testKdf });
      try {
        await call(check, 'vault.unlock', { passphrase: PASSPHRASE });
        expect(await content(check), `cycle ${cycle}`).toEqual(before);
      } finally {
        await check.close();
      }
      headers.push(await readFile(path.join(vaultDir, 'vault.json'), 'utf8'));
    }

    const last = createCore({ vaultDir, kdf: testKdf });
    try {
      await call(last, 'vault.unlock', { passphrase: PASSPHRASE });
      // Finishes what a killed run left (or starts afresh), then replaces the key once more:
      // afterwards no key that any earlier vault.json held opens a file.
      await last.vault.replaceDataKey(PASSPHRASE);
      expect(await content(last)).toEqual(before);
      headers.push(await readFile(path.join(vaultDir, 'vault.json'), 'utf8'));
      await last.vault.replaceDataKey(PASSPHRASE);
      expect(await content(last)).toEqual(before);
      expect(await verifyAll(last)).toEqual(['ok', 'ok']);
      for (const text of headers) {
        const keys = await unlockKeys(parseHeader(text, 'vault.json', testKdf), PASSPHRASE, testKdf);
        for (const key of [keys.current, keys.retiring]) if (key) expect(await filesOpenedBy(vaultDir, vaultId, key)).toEqual([]);
      }
    } finally {
      await last.close();
    }
    expect(finishedRuns).toBeLessThan(8);
  });
});

/** Runs the child and SIGKILLs it `delayMs` after it said "ready", unless it finished first. */
async function runOrKill(runner: string, args: string, delayMs: number): Promise<'killed' | 'finished'> {
  const end = await runAndKill(runner, args, delayMs);
  if (end.killed) return 'killed';
  if (end.code === 0 && end.out.includes('done')) return 'finished';
  throw new Error(`the rekey runner failed (${end.code ?? 'signal'}): ${end.err.trim()}`);
}

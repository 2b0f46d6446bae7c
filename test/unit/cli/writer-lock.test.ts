import { spawn } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/core';
import { buildEntries, runBuiltCli, startHost, type RunningHost } from '../../support/built-entries';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir } from '../../support/temp-dir';

const PASSPHRASE = 'correct horse battery staple';

describe('outpost CLI and the writer lock', () => {
  let built: { cli: string; host: string };
  let buildDir: { dir: string; cleanup: () => Promise<void> };
  let dir: string;
  let cleanup: () => Promise<void>;
  let vaultDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDir = await makeTempDir('outpost-built-');
    built = await buildEntries(buildDir.dir);
  });
  afterAll(() => buildDir.cleanup());

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    env = { OUTPOST_VAULT: vaultDir, OUTPOST_PASSPHRASE: PASSPHRASE, OUTPOST_CONFIG_DIR: path.join(dir, 'config') };
    expect(await runOutpost(['vault', 'init'], env)).toMatchObject({ code: 0 });
  });
  afterEach(() => cleanup());

  it('reads the command after global options that take a value', async () => {
    const status = await runOutpost(['--vault', vaultDir, 'vault', 'status', '--json'], {});
    expect(status).toMatchObject({ code: 0 });
    expect(JSON.parse(status.stdout)).toEqual({ state: 'locked', path: vaultDir });
    const file = path.join(dir, 'pass.txt');
    await writeFile(file, `${PASSPHRASE}\n`);
    // A global option's value that looks like a command word is still a value.
    expect(await runOutpost(['--passphrase-file', file, '--vault', vaultDir, 'case', 'list', '--json'], {})).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(await runOutpost(['--wait', '0', 'vault', 'status'], env)).toMatchObject({ code: 0 });
    expect(await runOutpost(['--wait', 'soon', 'case', 'list'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--wait takes a number of seconds') as string });
  });

  it('is refused at once while another program holds the vault, and waits with --wait until it is released', async () => {
    const holder = createCore({ vaultDir, lock: { program: 'host' } });
    await holder.vault.unlock(PASSPHRASE);
    const refused = await runOutpost(['case', 'list'], env);
    expect(refused).toMatchObject({ code: 4, stderr: expect.stringMatching(/open in the Outpost browser host \(process \d+ on host .+, since .+\).*read-only/) as string });
    const status = await runOutpost(['vault', 'status'], env);
    expect(status.stdout).toContain('Open in the Outpost browser host');
    // The holder locks while the CLI waits: the clock's third sleep releases it.
    let sleeps = 0;
    const clock = {
      now: () => sleeps * 50,
      sleep: async () => {
        sleeps++;
        if (sleeps === 3) await holder.close();
      },
    };
    expect(await runOutpost(['--wait', '10', 'case', 'list', '--json'], env, { lockClock: clock })).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(sleeps).toBe(3);
  });

  it('takes over the lock of a CLI that died, and says so on stderr', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const stale = { program: 'cli', pid: dead.pid, hostname: os.hostname(), since: '2026-12-01T08:00:00.000Z', token: 'ab'.repeat(16) };
    await writeFile(path.join(vaultDir, '.lock'), JSON.stringify(stale));
    const listed = await runOutpost(['case', 'list', '--json'], env);
    expect(listed).toMatchObject({ code: 0, stdout: '[]\n', stderr: expect.stringContaining(`the outpost command line (process ${String(dead.pid)} on host ${os.hostname()}, since 2026-12-01T08:00:00.000Z), which is no longer running`) as string });
    await expect(stat(path.join(vaultDir, '.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits quietly when its output is piped into a reader that has gone (EPIPE)', async () => {
    const child = spawn(process.execPath, [built.cli, 'vault', 'status', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...env } });
    // The reader goes before the CLI writes a byte, as `head` does once it has enough.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  describe('beside the real browser-mode host', () => {
    let host: RunningHost | null = null;
    afterEach(async () => host?.stop());

    it('refuses the CLI while the host holds a case open, and the case keeps every event', async () => {
      const created = await runOutpost(['case', 'create', '--title', 'Two writers', '--category', 'fraud', '--site', 'HQ', '--json'], env);
      const { id } = JSON.parse(created.stdout) as { id: string };
      const evidence = path.join(dir, 'mail.eml');
      await writeFile(evidence, 'From: attacker@example.org\n');
      host = await startHost(built.host, vaultDir, env['OUTPOST_CONFIG_DIR'] ?? '');
      expect(await host.call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
      expect(await host.call('note.add', { caseId: id, text: 'first note in the app' })).toMatchObject({ ok: true });

      const refused = await runBuiltCli(built.cli, ['evidence', 'add', id, evidence, '--description', 'Phishing mail'], env);
      expect(refused).toMatchObject({ code: 4, stderr: expect.stringContaining('is open in the Outpost browser host') as string });
      expect(await host.call('note.add', { caseId: id, text: 'one more note in the app' })).toMatchObject({ ok: true });
      // A reader beside the host: read-only, told who holds the vault.
      const readOnly = await runOutpost(['vault', 'status', '--json'], env);
      expect(JSON.parse(readOnly.stdout)).toMatchObject({ state: 'locked', heldBy: { program: 'host' } });

      // --wait: the CLI waits until the host is stopped (which locks the vault), then writes.
      const waiting = runBuiltCli(built.cli, ['--wait', '30', 'evidence', 'add', id, evidence, '--description', 'Phishing mail'], env);
      await host.stop();
      host = null;
      expect(await waiting).toMatchObject({ code: 0 });
      const shown = await runOutpost(['case', 'show', id, '--json'], env);
      expect(shown.code).toBe(0);
      const state = JSON.parse(shown.stdout) as { notes: { text: string }[] };
      expect(state.notes.map((n) => n.text)).toEqual(['first note in the app', 'one more note in the app']);
      const items = await runOutpost(['evidence', 'list', id, '--json'], env);
      expect(JSON.parse(items.stdout)).toMatchObject({ items: [{ description: 'Phishing mail' }] });
      expect(await runOutpost(['evidence', 'verify', id], env)).toMatchObject({ code: 0 });
    });
  });
});

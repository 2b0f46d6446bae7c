import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, type LockClock } from '../../../../electron/core/vault/writer-lock';
import { writeSealed } from '../../../../electron/core/vault/store/sealed-file';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { openingPayload, PASSPHRASE, testCore, testVault } from '../../../support/vault-fixture';

/** The pid of a process that has exited: a lock naming it was left by a dead process. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function lockJson(fields: Partial<{ program: string; pid: number; hostname: string; since: string; token: string }>): string {
  return `${JSON.stringify({ program: 'host', pid: process.pid, hostname: os.hostname(), since: '2026-12-01T08:00:00.000Z', token: randomBytes(16).toString('hex'), ...fields })}\n`;
}

/** A clock whose sleep advances time at once and runs `onSleep` (e.g. the holder locking). */
function fakeClock(onSleep: (sleeps: number) => Promise<void> = async () => undefined): LockClock & { sleeps: number; elapsed: number } {
  const clock = {
    sleeps: 0,
    elapsed: 0,
    now: () => clock.elapsed,
    sleep: async (ms: number) => {
      clock.sleeps++;
      clock.elapsed += ms;
      await onSleep(clock.sleeps);
    },
  };
  return clock;
}

describe('writer lock', () => {
  let dir: string;
  let vaultDir: string;
  let cleanup: () => Promise<void>;
  const lockFile = () => path.join(vaultDir, LOCK_FILE);

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    const creator = testVault(vaultDir);
    await creator.create(PASSPHRASE);
    await creator.unlocked().createCase(openingPayload('Held case'));
    await creator.lock();
  });
  afterEach(() => cleanup());

  it('refuses a second opener, naming the holder, and lets it open once the first locks', async () => {
    const first = testVault(vaultDir, { program: 'host' });
    await first.unlock(PASSPHRASE);
    const holder = JSON.parse(await readFile(lockFile(), 'utf8')) as { since: string };
    const second = testVault(vaultDir);
    await expect(second.unlock(PASSPHRASE)).rejects.toMatchObject({
      code: 'vault_busy',
      message: expect.stringContaining(`the Outpost browser host (process ${process.pid} on host ${os.hostname()}, since ${holder.since})`) as string,
    });
    await expect(second.unlock(PASSPHRASE)).rejects.toThrow(/read-only/);
    expect(await second.status()).toMatchObject({ state: 'locked', heldBy: { program: 'host', pid: process.pid, hostname: os.hostname() } });
    await first.lock();
    await expect(stat(lockFile())).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await second.unlock(PASSPHRASE)).toMatchObject({ state: 'unlocked' });
    await second.lock();
  });

  it('opens read-only beside the holder: reads work, every write is refused, the vault is unchanged', async () => {
    const holder = testVault(vaultDir);
    await holder.unlock(PASSPHRASE);
    const before = await snapshotDir(vaultDir);
    const core = testCore(vaultDir);
    const status = await core.dispatch('vault.unlock', { passphrase: PASSPHRASE, readOnly: true });
    expect(status).toMatchObject({ ok: true, value: { state: 'unlocked', readOnly: true, heldBy: { program: 'app', pid: process.pid } } });
    const reader = core.vault.unlocked();
    const id = reader.listCases()[0]?.id ?? '';
    expect(await core.dispatch('case.get', { id })).toMatchObject({ ok: true, value: { title: 'Held case' } });
    const refused = { ok: false, error: { code: 'vault_read_only', message: expect.stringMatching(/read-only/) as string } };
    expect(await core.dispatch('note.add', { caseId: id, text: 'not written' })).toMatchObject(refused);
    expect(await core.dispatch('case.create', { title: 'Not made', category: 'fraud', priority: 'low', site: '' })).toMatchObject(refused);
    expect(await core.dispatch('settings.update', { actorName: 'Someone else' })).toMatchObject(refused);
    await expect(reader.importEvents(id, [])).rejects.toMatchObject({ code: 'vault_read_only' });
    await expect(writeSealed(path.join(vaultDir, 'playbooks.x'), reader.storage.key, 'aad', Buffer.from('x'))).rejects.toMatchObject({ code: 'vault_read_only' });
    await core.close();
    expect(await snapshotDir(vaultDir)).toEqual(before);
    // The read-only session never touched the holder's lock.
    expect(await holder.unlocked().createCase(openingPayload('Still writable'))).toMatchObject({ title: 'Still writable' });
    await holder.lock();
  });

  it('is released when the holding process exits without locking', async () => {
    // A real second process: takes the lock, says so, and calls process.exit() at once.
    const script = path.join(dir, 'hold-and-exit.cjs');
    await build({
      stdin: { contents: "import { acquireWriterLock } from './electron/core/vault/writer-lock';\nvoid acquireWriterLock(process.argv[2] ?? '', { program: 'cli' }).then(() => { process.stdout.write('held\\n'); process.exit(0); });", resolveDir: process.cwd(), loader: 'ts' },
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
    const child = spawn(process.execPath, [script, vaultDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    expect(await new Promise((resolve) => child.once('close', resolve))).toBe(0);
    expect(out).toBe('held\n');
    await expect(stat(lockFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock left by a dead process on this host, and says so', async () => {
    const pid = await deadPid();
    await writeFile(lockFile(), lockJson({ pid, program: 'cli' }));
    const vault = testVault(vaultDir);
    const status = await vault.unlock(PASSPHRASE);
    expect(status.notices).toEqual([expect.stringContaining(`the outpost command line (process ${pid} on host ${os.hostname()}, since 2026-12-01T08:00:00.000Z), which is no longer running`)]);
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, program: 'app' });
    await vault.lock();
  });

  it('lets exactly one of two racers take over a stale lock', async () => {
    await writeFile(lockFile(), lockJson({ pid: await deadPid() }));
    const racers = [testVault(vaultDir), testVault(vaultDir)];
    const results = await Promise.allSettled(racers.map((v) => v.unlock(PASSPHRASE)));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'vault_busy' } });
    await Promise.all(racers.map((v) => v.lock()));
    await expect(stat(lockFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never breaks a lock held from another host, and writes nothing', async () => {
    const lock = lockJson({ hostname: 'field-laptop-7', pid: await deadPid() });
    await writeFile(lockFile(), lock);
    const before = await snapshotDir(vaultDir);
    await expect(testVault(vaultDir).unlock(PASSPHRASE)).rejects.toMatchObject({
      code: 'vault_busy',
      message: expect.stringMatching(/on host field-laptop-7.*never broken automatically.*read-only/) as string,
    });
    expect(await snapshotDir(vaultDir)).toEqual(before);
    expect(await readFile(lockFile(), 'utf8')).toBe(lock);
  });

  it('refuses a lock file it cannot read rather than guess', async () => {
    await writeFile(lockFile(), '{"program":"app"}');
    await expect(testVault(vaultDir).unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'vault_busy', message: expect.stringContaining('not a writer lock') as string });
  });

  it('waits for the holder with --wait and succeeds once it locks', async () => {
    const holder = testVault(vaultDir);
    await holder.unlock(PASSPHRASE);
    const clock = fakeClock(async (sleeps) => {
      if (sleeps === 3) await holder.lock();
    });
    const waiter = testVault(vaultDir, { lockWaitMs: 5_000, lockClock: clock });
    expect(await waiter.unlock(PASSPHRASE)).toMatchObject({ state: 'unlocked' });
    expect(clock.sleeps).toBe(3);
    await waiter.lock();
  });

  it('gives up after the --wait bound with the busy message', async () => {
    const holder = testVault(vaultDir);
    await holder.unlock(PASSPHRASE);
    const clock = fakeClock();
    const waiter = testVault(vaultDir, { lockWaitMs: 1_000, lockClock: clock });
    await expect(waiter.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'vault_busy' });
    expect(clock.elapsed).toBe(1_000);
    expect(clock.sleeps).toBe(20);
    await holder.lock();
  });
});

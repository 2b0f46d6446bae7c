/**
 * The window's side of a core process that dies: wired as the desktop app
 * wires it (the page's bridge calls main's CoreClient, whose core is the
 * bundled entry forked as a process), the renderer's stores must say the
 * core stopped, drop what they had read out of the vault, and restart it
 * on request, locked, with everything confirmed before still there.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '../../../electron/core-process/core-client';
import { forkCore } from '../../../electron/core-process/fork-child';
import { buildEntries } from '../../support/built-entries';
import { makeTempDir } from '../../support/temp-dir';

describe('the window when the core process stops', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let core: CoreClient;
  const pids: number[] = [];
  beforeAll(async () => {
    temp = await makeTempDir();
    const entry = (await buildEntries(path.join(temp.dir, 'built'))).core;
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], OUTPOST_CONFIG_DIR: path.join(temp.dir, 'config'), OUTPOST_VAULT: '' };
    core = new CoreClient(() => {
      const child = forkCore(entry, ['--vault', path.join(temp.dir, 'vault')], env);
      if (child.pid !== undefined) pids.push(child.pid);
      return child;
    });
    await core.start();
    // The preload's bridge: calls and restarts go to main, which forwards them to the core process.
    (globalThis as { window?: unknown }).window = { outpost: { call: (method: string, args: unknown) => core.dispatch(method, args), restartCore: async () => (await core.restart(), true) } };
  });
  afterAll(async () => {
    delete (globalThis as { window?: unknown }).window;
    await core.close();
    await temp.cleanup();
  });

  it('says so, empties the stores, and restarts the core locked with nothing confirmed lost', async () => {
    const { useVaultStore } = await import('../../../renderer/src/stores/vault-store');
    const { useCaseStore } = await import('../../../renderer/src/stores/case-store');
    await useVaultStore.getState().create('correct horse battery staple', { name: 'Ann Duval' });
    await useCaseStore.getState().create({ title: 'Harbour ransomware', category: 'malicious-code', priority: 'high' });
    expect(useCaseStore.getState().cases).toHaveLength(1);
    expect(useVaultStore.getState().coreStopped).toBeNull();

    process.kill(pids[0] ?? 0, 'SIGKILL');
    await expect(useCaseStore.getState().refresh()).resolves.toBeUndefined();
    expect(useVaultStore.getState().coreStopped).toMatch(/stopped unexpectedly/);
    expect(useCaseStore.getState().cases).toEqual([]);
    expect(useCaseStore.getState().selectedId).toBeNull();

    await useVaultStore.getState().restartCore();
    expect(pids).toHaveLength(2);
    expect(useVaultStore.getState().coreStopped).toBeNull();
    expect(useVaultStore.getState().status?.state).toBe('locked');
    await useVaultStore.getState().unlock('correct horse battery staple');
    await useCaseStore.getState().load();
    expect(useCaseStore.getState().cases.map((c) => c.title)).toEqual(['Harbour ransomware']);
  });
});

import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAppSettings, writeAppSettings } from '../../../electron/core/app-settings';
import { createCore } from '../../../electron/core/core';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir } from '../../support/temp-dir';
import { testKdf } from '../../support/vault-fixture';

const AT = new Date('2026-12-04T09:15:30.123Z');

describe('the installation settings file', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  let file: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { OUTPOST_CONFIG_DIR: path.join(dir, 'config') };
    file = path.join(dir, 'config', 'settings.json');
    await mkdir(path.dirname(file), { recursive: true });
  });
  afterEach(() => cleanup());

  it('means defaults when absent, and keeps keys it does not know when written', async () => {
    expect(await readAppSettings(env)).toEqual({ settings: {}, notices: [] });
    await writeFile(file, JSON.stringify({ vaultDir: '/srv/vault', windowBounds: { width: 1400 } }));
    const { settings, notices } = await readAppSettings(env);
    expect(notices).toEqual([]);
    await writeAppSettings({ ...settings, vaultDir: '/srv/other' }, env);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ vaultDir: '/srv/other', windowBounds: { width: 1400 } });
  });

  it.each([
    ['not JSON', '{"vaultDir": "/srv/vault", ', /not JSON/],
    ['not settings', '{"vaultDir": 42}', /does not hold Outpost settings \(vaultDir: /],
    ['not an object', '[1, 2]', /does not hold Outpost settings/],
  ])('kept aside with a notice when %s, never overwritten', async (_, damaged, problem) => {
    await writeFile(file, damaged);
    const { settings, notices } = await readAppSettings(env, AT);
    expect(settings).toEqual({});
    const aside = path.join(path.dirname(file), 'settings.damaged-20261204T091530Z.json');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(problem);
    expect(notices[0]).toContain(`kept as ${path.basename(aside)} in ${path.dirname(aside)}`);
    expect(await readFile(aside, 'utf8')).toBe(damaged);
    // Choosing a vault folder afterwards writes a new file; the damaged one stays as it was.
    await writeAppSettings({ vaultDir: '/srv/vault' }, env, AT);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ vaultDir: '/srv/vault' });
    expect(await readFile(aside, 'utf8')).toBe(damaged);
    expect(await readAppSettings(env)).toEqual({ settings: { vaultDir: '/srv/vault' }, notices: [] });
  });

  it('moves a file damaged since it was read aside before writing', async () => {
    await writeFile(file, 'garbage');
    await writeAppSettings({ vaultDir: '/srv/vault' }, env, AT);
    expect(await readFile(path.join(path.dirname(file), 'settings.damaged-20261204T091530Z.json'), 'utf8')).toBe('garbage');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ vaultDir: '/srv/vault' });
  });

  it('tells the user: with every vault status, and on the command line', async () => {
    await writeFile(file, 'garbage');
    const { notices } = await readAppSettings(env, AT);
    const core = createCore({ vaultDir: path.join(dir, 'vault'), kdf: testKdf, startupNotices: notices });
    try {
      expect((await core.dispatch('vault.status', {}))).toMatchObject({ ok: true, value: { state: 'absent', notices } });
      await core.dispatch('vault.create', { passphrase: 'correct horse battery staple' });
      expect((await core.dispatch('vault.status', {}))).toMatchObject({ ok: true, value: { state: 'unlocked', notices } });
      await core.dispatch('vault.lock', {});
      expect((await core.dispatch('vault.status', {}))).toMatchObject({ ok: true, value: { state: 'locked', notices } });
    } finally {
      await core.close();
    }
    await writeFile(file, '{"vaultDir": 42}');
    const run = await runOutpost(['vault', 'status', '--json'], { OUTPOST_CONFIG_DIR: path.dirname(file), OUTPOST_VAULT: path.join(dir, 'vault') });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^outpost: The settings file was damaged \(it does not hold Outpost settings.*\), so the defaults are used\. It was kept as settings\.damaged-/);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'locked' });
    expect((await readdir(path.dirname(file))).filter((f) => f.startsWith('settings.damaged-'))).toHaveLength(2);
  });
});

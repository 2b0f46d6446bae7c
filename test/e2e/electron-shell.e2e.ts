import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { PRELOAD_SURFACE } from '../../electron/shell/ipc-channel';
import { expect, test } from './host-fixture';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The Electron runtime is fetched on first launch; on machines without a
 * network it is absent. Look for it the way electron/index.js does, without
 * requiring that module, which would try to download it.
 */
function electronBinary(): string | null {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const binary = path.join(packageDir, 'dist', readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test('the desktop shell opens a locked-down window that reaches the core over IPC', async ({}, testInfo) => {
  test.skip(binary === null, 'the Electron runtime is not downloaded on this machine (it is fetched on first `npm start`)');
  const app = await electron.launch({
    executablePath: binary ?? 'electron',
    args: [path.join(root, 'dist', 'electron', 'main.cjs'), '--vault', testInfo.outputPath('vault'), '--no-sandbox'],
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((globalThis as { outpost?: object }).outpost ?? {}))).toEqual([...PRELOAD_SURFACE]);
    await window.getByLabel('Your name').fill('Ana Field');
    await window.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
    await window.getByLabel('Repeat passphrase').fill('correct horse battery staple');
    await window.getByRole('button', { name: 'Create vault' }).click();
    await expect(window.getByText('No cases yet.')).toBeVisible();
  } finally {
    await app.close();
  }
});

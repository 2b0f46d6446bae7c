/**
 * Electron entry point: wiring only. The window, the app:// protocol and the
 * single IPC channel live in electron/shell; everything else is the core,
 * which is plain Node and shared with the browser mode and the CLI.
 */
import { parseArgs } from 'node:util';
import { app, BrowserWindow } from 'electron';
import { readAppSettings, writeAppSettings } from './core/app-settings';
import { createCore, type Core } from './core/core';
import { resolveVaultDir } from './core/paths';
import { registerAppScheme, serveRenderer } from './shell/app-protocol';
import { serveApiOverIpc } from './shell/ipc';
import { bundledPath, createMainWindow, hardenWebContents } from './shell/window';

const { values } = parseArgs({ args: process.argv.slice(1), options: { vault: { type: 'string' } }, strict: false, allowPositionals: true });
const vaultFlag = typeof values.vault === 'string' ? values.vault : undefined;

if (!app.requestSingleInstanceLock()) app.quit();

registerAppScheme();

let core: Core | null = null;

void app.whenReady().then(async () => {
  const { settings, notices } = await readAppSettings();
  core = createCore({
    vaultDir: resolveVaultDir({ flag: vaultFlag, setting: settings.vaultDir }),
    persistSelection: (dir) => writeAppSettings({ ...settings, vaultDir: dir }),
    lock: { program: 'app' },
    autoSync: true,
    startupNotices: notices,
  });
  hardenWebContents();
  serveRenderer(bundledPath('..', 'renderer'));
  serveApiOverIpc(core.dispatch);
  const window = createMainWindow(bundledPath('preload.cjs'));

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(bundledPath('preload.cjs'));
  });
});

// Lock on the way out: the index is flushed and the keys are wiped.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

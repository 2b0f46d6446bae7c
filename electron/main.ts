/**
 * Electron entry point: wiring only. The window, the app:// protocol and the
 * single IPC channel live in electron/shell; the core (the vault and all its
 * work) runs in a process of its own (electron/core-process), to which main
 * only forwards the calls the IPC gate let through.
 */
import { parseArgs } from 'node:util';
import { app, BrowserWindow } from 'electron';
import { CoreClient } from './core-process/core-client';
import { registerAppScheme, serveRenderer } from './shell/app-protocol';
import { forkUtilityCore } from './shell/core-utility';
import { chooseFileFor } from './shell/file-dialog';
import { serveApiOverIpc } from './shell/ipc';
import { bundledPath, createMainWindow, hardenWebContents } from './shell/window';

const { values } = parseArgs({ args: process.argv.slice(1), options: { vault: { type: 'string' } }, strict: false, allowPositionals: true });
const vaultArgs = typeof values.vault === 'string' ? ['--vault', values.vault] : [];

if (!app.requestSingleInstanceLock()) app.quit();

registerAppScheme();

const core = new CoreClient(() => forkUtilityCore(bundledPath('core.cjs'), vaultArgs));

void app.whenReady().then(async () => {
  hardenWebContents();
  serveRenderer(bundledPath('..', 'renderer'));
  serveApiOverIpc(core.dispatchJson, () => core.restart(), chooseFileFor);
  core.onStopped((message) => process.stderr.write(`outpost: ${message}\n`));
  await core.start();
  const window = createMainWindow(bundledPath('preload.cjs'));

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(bundledPath('preload.cjs'));
  });
});

// Lock on the way out: the core flushes the index and wipes the keys, then ends.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

/**
 * Entry of the desktop app's core process: plain Node, started by main as an
 * Electron utilityProcess (electron/shell/core-utility.ts), and under Node
 * with child_process.fork by the tests. It holds the vault and does all the
 * heavy work (folds, bundle and evidence crypto, sync), so the main process,
 * which owns the window, only forwards calls. Arguments: --vault DIR.
 */
import { parseArgs } from 'node:util';
import type { FromCore } from '../../shared/api/core-process-messages';
import { readAppSettings, writeAppSettings } from '../core/app-settings';
import { createCore } from '../core/core';
import { resolveVaultDir } from '../core/paths';
import { serveCore, type ParentChannel } from './serve-core';

/** Electron's utilityProcess gives `process.parentPort`; child_process.fork gives `process.send`. */
type ElectronParentPort = { postMessage: (message: unknown) => void; on: (event: 'message', listener: (event: { data: unknown }) => void) => void };

function parentChannel(): ParentChannel {
  const port = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (port) return { post: (message: FromCore) => port.postMessage(message), onMessage: (listener) => port.on('message', (event) => listener(event.data)) };
  if (process.send) {
    const send = process.send.bind(process);
    return { post: (message: FromCore) => void send(message), onMessage: (listener) => process.on('message', listener) };
  }
  throw new Error('The core process must be started by the app (utilityProcess) or with child_process.fork');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { vault: { type: 'string' } }, strict: false });
  const { settings, notices } = await readAppSettings();
  const core = createCore({
    vaultDir: resolveVaultDir({ flag: typeof values.vault === 'string' ? values.vault : undefined, setting: settings.vaultDir }),
    persistSelection: (dir) => writeAppSettings({ ...settings, vaultDir: dir }),
    lock: { program: 'app' },
    autoSync: true,
    startupNotices: notices,
  });
  const parent = parentChannel();
  serveCore(core, parent, () => process.exit(0));
  // Main going away without a `close` (it crashed): lock on the way out all the same.
  process.on('disconnect', () => void core.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`outpost core: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

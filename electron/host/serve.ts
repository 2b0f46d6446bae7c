/**
 * Browser mode: `npm run start:web`. Opens the vault folder, serves the built
 * renderer and the API on 127.0.0.1, and prints the URL to open (it carries
 * this launch's access token after the #, which browsers never send on).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAppSettings, writeAppSettings } from '../core/app-settings';
import { createCore } from '../core/core';
import { resolveVaultDir } from '../core/paths';
import { startHost } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      vault: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run start:web -- [--vault DIR] [--port N]\n  DIR defaults to $OUTPOST_VAULT or the per-user data folder.\n');
    return;
  }
  const port = values.port === undefined ? Number(process.env['OUTPOST_PORT'] ?? 0) : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`outpost: --port must be a number from 0 to 65535, not ${values.port ?? ''}\n`);
    process.exit(2);
  }
  const { settings, notices } = await readAppSettings();
  for (const notice of notices) process.stderr.write(`outpost: ${notice}\n`);
  const vaultDir = resolveVaultDir({ flag: values.vault, setting: settings.vaultDir });
  const core = createCore({ vaultDir, persistSelection: (dir) => writeAppSettings({ ...settings, vaultDir: dir }), lock: { program: 'host' }, autoSync: true, startupNotices: notices });
  const host = await startHost({ dispatch: core.dispatch, port, staticDir: path.join(__dirname, '..', 'renderer') });

  process.stdout.write(`Outpost browser mode\n  Vault: ${vaultDir}\n  Open:  ${host.url}\n`);

  // Lock on the way out: the index is flushed and the keys are wiped.
  const stop = () => {
    void Promise.allSettled([host.close(), core.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`outpost: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

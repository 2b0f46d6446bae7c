import os from 'node:os';
import path from 'node:path';

/**
 * Where a vault lives when nothing says otherwise: the platform's
 * application-data folder, so backups and roaming profiles pick it up.
 */
export function defaultVaultDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), 'Outpost', 'vault');
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', 'Outpost', 'vault');
  }
  const dataHome = env['XDG_DATA_HOME'] && path.isAbsolute(env['XDG_DATA_HOME']) ? env['XDG_DATA_HOME'] : path.join(home, '.local', 'share');
  return path.join(dataHome, 'outpost', 'vault');
}

/**
 * Which vault folder to open: a `--vault` flag wins over OUTPOST_VAULT, which
 * wins over the folder chosen in the app (the installation's settings), which
 * wins over the platform default.
 */
export function resolveVaultDir(options: { flag?: string | undefined; env?: NodeJS.ProcessEnv; setting?: string | undefined }): string {
  const env = options.env ?? process.env;
  const chosen = options.flag || env['OUTPOST_VAULT'] || options.setting;
  return chosen ? path.resolve(chosen) : defaultVaultDir(env);
}

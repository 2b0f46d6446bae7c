/**
 * Settings of the installation rather than of a vault (a vault's own
 * settings live inside it, encrypted). Today that is only which vault
 * folder to open. Stored as JSON in the platform's configuration folder:
 *   Linux   $XDG_CONFIG_HOME/outpost/settings.json (~/.config/outpost/…)
 *   macOS   ~/Library/Preferences/Outpost/settings.json
 *   Windows %APPDATA%\Outpost\settings.json
 * OUTPOST_CONFIG_DIR overrides the folder (tests, portable installs).
 */
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './fs/atomic-write';

const AppSettings = z.object({ vaultDir: z.string().min(1).optional() }).catch({});
export type AppSettings = z.infer<typeof AppSettings>;

export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env['OUTPOST_CONFIG_DIR']) return path.resolve(env['OUTPOST_CONFIG_DIR']);
  if (platform === 'win32') return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), 'Outpost');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Preferences', 'Outpost');
  const base = env['XDG_CONFIG_HOME'] && path.isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : path.join(home, '.config');
  return path.join(base, 'outpost');
}

/** A missing or unreadable settings file means defaults: it must never stop the app from starting. */
export async function readAppSettings(env: NodeJS.ProcessEnv = process.env): Promise<AppSettings> {
  const text = await readFile(path.join(configDir(env), 'settings.json'), 'utf8').catch(() => null);
  if (text === null) return {};
  try {
    return AppSettings.parse(JSON.parse(text));
  } catch {
    return {};
  }
}

export async function writeAppSettings(settings: AppSettings, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * Settings of the installation rather than of a vault (a vault's own
 * settings live inside it, encrypted). Today that is only which vault
 * folder to open. Stored as JSON in the platform's configuration folder:
 *   Linux   $XDG_CONFIG_HOME/outpost/settings.json (~/.config/outpost/…)
 *   macOS   ~/Library/Preferences/Outpost/settings.json
 *   Windows %APPDATA%\Outpost\settings.json
 * OUTPOST_CONFIG_DIR overrides the folder (tests, portable installs).
 *
 * A settings file that cannot be read as settings never stops the program
 * from starting, and is never overwritten: it is kept aside beside itself
 * (settings.damaged-<time>.json), the defaults are used, and a notice says
 * so. Keys this version does not know are kept when the file is written.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './fs/atomic-write';

const AppSettings = z.looseObject({ vaultDir: z.string().min(1).optional() });
export type AppSettings = z.infer<typeof AppSettings>;

/** The settings, and what the user should be told about them (a damaged file kept aside). */
export type LoadedAppSettings = { settings: AppSettings; notices: string[] };

export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env['OUTPOST_CONFIG_DIR']) return path.resolve(env['OUTPOST_CONFIG_DIR']);
  if (platform === 'win32') return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), 'Outpost');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Preferences', 'Outpost');
  const base = env['XDG_CONFIG_HOME'] && path.isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : path.join(home, '.config');
  return path.join(base, 'outpost');
}

const settingsFile = (env: NodeJS.ProcessEnv) => path.join(configDir(env), 'settings.json');

/** The settings `text` holds, or why it is not a settings file. */
function damage(text: string): { problem: string } | { settings: AppSettings } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  const parsed = AppSettings.safeParse(json);
  if (!parsed.success) return { problem: `it does not hold Outpost settings (${parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ')})` };
  return { settings: parsed.data };
}

/** Moves a damaged settings file aside; returns its new path. */
async function keepAside(file: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const aside = path.join(path.dirname(file), `settings.damaged-${stamp}.json`);
  await rename(file, aside);
  return aside;
}

/** A missing settings file means defaults; a damaged one is kept aside (see above). */
export async function readAppSettings(env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<LoadedAppSettings> {
  const file = settingsFile(env);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : error));
  if (text === null) return { settings: {}, notices: [] };
  if (text instanceof Error) return { settings: {}, notices: [`The settings file ${file} cannot be read (${text.code ?? text.message}); the default settings are used`] };
  const read = damage(text);
  if ('settings' in read) return { settings: read.settings, notices: [] };
  const aside = await keepAside(file, now).catch((error: NodeJS.ErrnoException) => error);
  if (aside instanceof Error) return { settings: {}, notices: [`The settings file ${file} is damaged (${read.problem}) and could not be moved aside (${aside.code ?? aside.message}); the default settings are used and the file is left as it is`] };
  return { settings: {}, notices: [`The settings file was damaged (${read.problem}), so the defaults are used. It was kept as ${path.basename(aside)} in ${path.dirname(aside)}.`] };
}

/** Writes the settings; a file there that is not settings (damaged since it was read) is moved aside first, never overwritten. */
export async function writeAppSettings(settings: AppSettings, env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<void> {
  const file = settingsFile(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null && 'problem' in damage(existing)) await keepAside(file, now);
  await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * One rule for every file path that crosses a boundary (bundles, team
 * profiles, identities, evidence): it must be absolute. A relative path would
 * be resolved against whatever folder the app or host happened to start in,
 * and a bundle would land somewhere nobody looks. The CLI resolves what is
 * typed against the shell's folder before it calls; the UI asks for the full
 * path (or uses the system dialog in the desktop app).
 */
import { z } from 'zod';

/** POSIX `/…`, Windows `C:\…` or `C:/…`, or a UNC share `\\server\…`. Pure: no `node:path` in shared/. */
export function isAbsolutePath(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\');
}

export const absoluteFilePath = z
  .string()
  .min(1, 'Enter a path')
  .max(4096, 'A path can have at most 4096 characters')
  .refine(isAbsolutePath, { message: 'Give the full path of the file (starting with / or a drive letter), not a relative one' });

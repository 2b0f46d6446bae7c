/**
 * Which web permissions the app's pages get, for the session's request and
 * check handlers (./window.ts). Kept apart from the Electron wiring so it is
 * tested under Node.
 */
import { APP_ORIGIN } from './app-origin';

/** The one permission the app uses: writing plain text to the clipboard (Copy buttons), from its own pages only. */
export function permissionAllowed(permission: string, origin: string): boolean {
  return permission === 'clipboard-sanitized-write' && (origin === APP_ORIGIN || origin.startsWith(`${APP_ORIGIN}/`));
}

import type { Result } from '../../shared/api/errors';
import type { Dispatch } from '../core/dispatch';

/** What main knows about the frame that sent an IPC message. */
export type IpcSender = { isMainFrame: boolean; url: string | undefined };

/**
 * The IPC transport's rule, kept free of Electron so it can be tested: only
 * the app's own top-level frame, loaded from `appOrigin`, may call the API;
 * the dispatcher then validates the method and its arguments.
 */
export async function gateIpcCall(dispatch: Dispatch, appOrigin: string, sender: IpcSender, method: unknown, args: unknown): Promise<Result<unknown>> {
  if (!trustedSender(appOrigin, sender)) return UNTRUSTED_FRAME;
  return dispatch(method, args);
}

/** The answer to a call from any other frame. */
export const UNTRUSTED_FRAME: Result<never> = { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused' } };

/** The app's own top-level frame, loaded from `appOrigin`. */
export function trustedSender(appOrigin: string, sender: IpcSender): boolean {
  return sender.isMainFrame && sender.url !== undefined && originOf(sender.url) === appOrigin;
}

// `URL.origin` is "null" for custom schemes such as app://, so build it from the parts.
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

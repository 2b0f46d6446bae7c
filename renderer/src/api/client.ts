/**
 * The renderer's only door to the core. In the desktop app the preload script
 * provides `window.outpost.call` (IPC); in the browser mode calls go to the
 * loopback host with the token from the URL. Both answer the same Result, and
 * callers only ever see `api.send(method, input)`.
 */
import type { Input, Method, Output } from '../../../shared/api/contract';
import type { ApiError, Result } from '../../../shared/api/errors';
import { isPassiveCall } from '../../../shared/api/passive-calls';

/** The preload's bridge (desktop app) or the loopback host's (browser mode, which has no core process to restart and no file dialog). */
type Bridge = { call: (method: string, args: unknown) => Promise<unknown>; restartCore?: () => Promise<boolean>; chooseFile?: (title: string) => Promise<string | null> };

declare global {
  // Declaration merging onto the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    outpost?: Bridge;
  }
}

export class ApiCallError extends Error {
  readonly code: ApiError['code'];
  readonly issues: ApiError['issues'];
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

const TOKEN_KEY = 'outpost.token';

/** Takes the access token out of the URL fragment once, so it never sits in history or screenshots. */
function browserToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpBridge(): Bridge {
  const token = browserToken();
  return {
    async call(method, args) {
      const response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
        body: JSON.stringify(args ?? {}),
      });
      return (await response.json()) as unknown;
    },
  };
}

const bridge: Bridge = window.outpost ?? httpBridge();

/*
 * The core can lock the vault on its own (idle timer, another window), so any
 * call may answer `vault_locked`. Screens should not each handle that: the
 * vault store subscribes once and takes the whole app back to the unlock screen.
 */
type LockedListener = (quietBeforeMs: number) => void;
const lockedListeners = new Set<LockedListener>();

/* The desktop app's core process can stop (a crash): any call then answers `core_stopped`, and the vault store shows it once for the whole app. */
type StoppedListener = (message: string) => void;
const stoppedListeners = new Set<StoppedListener>();

export function onCoreStopped(listener: StoppedListener): () => void {
  stoppedListeners.add(listener);
  return () => stoppedListeners.delete(listener);
}

/** Starts the core process again (desktop app only); null where there is none to restart. */
export function coreRestarter(): (() => Promise<boolean>) | null {
  const restart = bridge.restartCore;
  return restart ? () => restart() : null;
}

/**
 * The system's open-file dialog (desktop app only): resolves to the chosen
 * file's absolute path, or null if cancelled. Null where there is none: a
 * browser cannot tell a page where a file lives, so the browser mode asks
 * for the path to be typed.
 */
export function fileChooser(): ((title: string) => Promise<string | null>) | null {
  const choose = bridge.chooseFile;
  return choose ? (title) => choose(title) : null;
}

/** `quietBeforeMs`: how long nothing counted as activity before the call that found the vault locked. */
export function onVaultLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

// The core's rule (shared/api/passive-calls.ts: every call but a poll is activity), so
// that the unlock screen can tell an idle lock from one it did not cause.
let lastActivityAt = Date.now();

/** Milliseconds since the last call that counted as activity for the idle lock. */
export function quietMs(): number {
  return Date.now() - lastActivityAt;
}

async function send<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const quietBeforeMs = quietMs();
  if (!isPassiveCall(method, input)) lastActivityAt = Date.now();
  let result: Result<Output<M>>;
  try {
    result = (await bridge.call(method, input)) as Result<Output<M>>;
  } catch {
    throw new ApiCallError({ code: 'io', message: 'Outpost is not reachable. Is the app (or `npm run start:web`) still running?' });
  }
  if (!result.ok) {
    if (result.error.code === 'vault_locked') for (const listener of lockedListeners) listener(quietBeforeMs);
    if (result.error.code === 'core_stopped') for (const listener of stoppedListeners) listener(result.error.message);
    throw new ApiCallError(result.error);
  }
  return result.value;
}

/** The message of anything a call can throw, for showing inline. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const api = { send, transport: window.outpost ? 'ipc' : 'http' } as const;

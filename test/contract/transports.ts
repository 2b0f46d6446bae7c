import path from 'node:path';
import type { Result } from '../../shared/api/errors';
import { createCore } from '../../electron/core/core';
import { startHost, type RunningHost } from '../../electron/host/server';
import { gateIpcCall } from '../../electron/shell/ipc-gate';
import { testKdf } from '../support/vault-fixture';

export type Call = (method: unknown, args?: unknown) => Promise<Result<unknown>>;

export type Transport = { name: string; call: Call; close: () => Promise<void>; host?: RunningHost };

const APP_ORIGIN = 'app://outpost';

/**
 * The two ways a renderer reaches the core, built over a vault folder:
 * IPC-shaped (arguments cloned as Electron's structured clone does, through
 * the same sender gate main uses) and HTTP through the real loopback host.
 */
export async function openTransport(kind: 'ipc' | 'http', vaultDir: string, selections: string[] = []): Promise<Transport> {
  const core = createCore({ vaultDir: path.resolve(vaultDir), kdf: testKdf, persistSelection: async (dir) => void selections.push(dir) });
  if (kind === 'ipc') {
    const sender = { isMainFrame: true, url: `${APP_ORIGIN}/index.html` };
    return {
      name: 'ipc',
      call: (method, args) => gateIpcCall(core.dispatch, APP_ORIGIN, sender, structuredClone(method), structuredClone(args)),
      close: () => core.close(),
    };
  }
  const host = await startHost({ dispatch: core.dispatch });
  return {
    name: 'http',
    host,
    call: async (method, args) => {
      const response = await fetch(`${host.origin}/api/${String(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, Origin: host.origin },
        body: JSON.stringify(args ?? {}),
      });
      return (await response.json()) as Result<unknown>;
    },
    close: async () => {
      await host.close();
      await core.close();
    },
  };
}

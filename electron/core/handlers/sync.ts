import { setPaused, addTarget, readTargets, removeTarget, targetView } from '../sync/targets-store';
import { readSyncState } from '../sync/sync-state';
import { syncServiceFor } from '../sync/sync-service';
import type { VaultSession } from '../vault/session';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

export type SyncHandlerOptions = {
  /** Sync on a schedule and on reconnect while a session is open (the app and the browser-mode host; not the CLI). */
  autoSync?: boolean;
};

/** Sync targets (electron/core/sync/): add, list, pause, test, remove, run them, and the status. */
export function syncHandlers(vault: Vault, options: SyncHandlerOptions = {}) {
  vault.onSession({
    opened: (session) => {
      if (options.autoSync === true) syncServiceFor(session).start();
    },
    closing: (session) => syncServiceFor(session).stop(),
  });
  return {
    'sync.add': async (input) => {
      const session = vault.unlocked();
      return targetView(await addTarget(session, input), 0);
    },
    'sync.list': async () => listTargets(vault.unlocked()),
    'sync.remove': async ({ name }) => {
      const session = vault.unlocked();
      await removeTarget(session, name);
      return listTargets(session);
    },
    'sync.pause': async ({ name, paused }) => {
      const session = vault.unlocked();
      const state = await readSyncState(session);
      return targetView(await setPaused(session, name, paused), state.targets[name]?.pushed ?? 0);
    },
    'sync.test': async ({ name }) => syncServiceFor(vault.unlocked()).test(name),
    'sync.run': async ({ name }) => syncServiceFor(vault.unlocked()).run('manual', name),
    'sync.status': async () => syncServiceFor(vault.unlocked()).status(),
  } satisfies Partial<Handlers>;
}

async function listTargets(session: VaultSession) {
  const state = await readSyncState(session);
  return { targets: (await readTargets(session)).map((t) => targetView(t, state.targets[t.name]?.pushed ?? 0)) };
}

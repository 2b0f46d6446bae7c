import { createDispatch, type Dispatch } from './dispatch';
import { createHandlers } from './handlers/index';
import { VaultManager } from './vault/vault-manager';

export type Core = { vault: VaultManager; dispatch: Dispatch };

/** Everything a transport needs: one vault and the dispatcher over it. */
export function createCore(options: { vaultDir: string }): Core {
  const vault = new VaultManager(options.vaultDir);
  return { vault, dispatch: createDispatch(createHandlers(vault)) };
}

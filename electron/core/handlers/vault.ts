import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

export type VaultHandlerOptions = { persistSelection?: (dir: string) => Promise<void> };

export function vaultHandlers(vault: Vault, options: VaultHandlerOptions = {}) {
  return {
    'vault.status': () => vault.status(),
    'vault.create': ({ passphrase }) => vault.create(passphrase),
    'vault.unlock': ({ passphrase, readOnly }) => vault.unlock(passphrase, readOnly === true ? { readOnly } : {}),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': ({ current, next }) => vault.changePassphrase(current, next),
    'vault.select': async ({ path }) => {
      const status = await vault.select(path);
      await options.persistSelection?.(status.path);
      return status;
    },
  } satisfies Partial<Handlers>;
}

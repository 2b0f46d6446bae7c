import type { VaultManager } from '../vault/vault-manager';
import type { Handlers } from './types';

export function vaultHandlers(vault: VaultManager) {
  return {
    'vault.status': () => vault.status(),
    'vault.create': ({ passphrase }) => vault.create(passphrase),
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.lock': () => vault.lock(),
  } satisfies Partial<Handlers>;
}

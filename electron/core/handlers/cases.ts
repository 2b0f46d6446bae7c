import type { VaultManager } from '../vault/vault-manager';
import type { Handlers } from './types';

export function caseHandlers(vault: VaultManager) {
  return {
    'case.list': () => vault.listCases(),
    'case.get': ({ id }) => vault.getCase(id),
    'case.create': (input) => vault.createCase(input),
  } satisfies Partial<Handlers>;
}

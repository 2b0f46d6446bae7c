import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

function view(vault: Vault) {
  const session = vault.unlocked();
  const { deviceId, fingerprint, publicKey } = session.device;
  return { ...session.settings, device: { id: deviceId, fingerprint, publicKey }, vaultId: session.vaultId };
}

export function settingsHandlers(vault: Vault) {
  return {
    'settings.get': async () => view(vault),
    'settings.update': async (update) => {
      const changes: { idleLockMinutes?: number; actorName?: string } = {};
      if (update.idleLockMinutes !== undefined) changes.idleLockMinutes = update.idleLockMinutes;
      if (update.actorName !== undefined) changes.actorName = update.actorName;
      vault.unlocked().updateSettings(changes);
      return view(vault);
    },
  } satisfies Partial<Handlers>;
}

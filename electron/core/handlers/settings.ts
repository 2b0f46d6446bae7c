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
      const changes: { idleLockMinutes?: number; actorName?: string; maxClockAheadHours?: number; syncEveryMinutes?: number } = {};
      if (update.idleLockMinutes !== undefined) changes.idleLockMinutes = update.idleLockMinutes;
      if (update.actorName !== undefined) changes.actorName = update.actorName;
      if (update.maxClockAheadHours !== undefined) changes.maxClockAheadHours = update.maxClockAheadHours;
      if (update.syncEveryMinutes !== undefined) changes.syncEveryMinutes = update.syncEveryMinutes;
      vault.unlocked().updateSettings(changes);
      return view(vault);
    },
  } satisfies Partial<Handlers>;
}

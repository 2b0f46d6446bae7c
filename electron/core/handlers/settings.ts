import type { VaultSettings } from '../vault/index-store';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

function view(vault: Vault) {
  const session = vault.unlocked();
  const { deviceId, fingerprint, publicKey } = session.device;
  return { ...session.settings, device: { id: deviceId, fingerprint, publicKey }, vaultId: session.vaultId, enrolledAs: session.enrolledAs };
}

export function settingsHandlers(vault: Vault) {
  return {
    'settings.get': async () => view(vault),
    'settings.update': async (update) => {
      const changes: Partial<VaultSettings> = {};
      if (update.idleLockMinutes !== undefined) changes.idleLockMinutes = update.idleLockMinutes;
      if (update.actorName !== undefined) changes.actorName = update.actorName;
      if (update.actorRole !== undefined) changes.actorRole = update.actorRole;
      if (update.maxClockAheadHours !== undefined) changes.maxClockAheadHours = update.maxClockAheadHours;
      if (update.syncEveryMinutes !== undefined) changes.syncEveryMinutes = update.syncEveryMinutes;
      vault.unlocked().updateSettings(changes);
      return view(vault);
    },
  } satisfies Partial<Handlers>;
}

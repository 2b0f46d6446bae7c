import { create } from 'zustand';
import type { Output } from '../../../shared/api/contract';
import { api, coreRestarter, errorMessage, onCoreStopped, onVaultLocked, quietMs } from '../api/client';
import { useSettingsStore } from './settings-store';
import { clearVaultData } from './vault-data';

type VaultStatus = Output<'vault.status'>;

type VaultStore = {
  status: VaultStatus | null;
  loadError: string | null;
  /** Why the unlock screen is showing, when the app did not ask for it. */
  lockMessage: string | null;
  noticesDismissed: boolean;
  /** The desktop app's core process stopped: what to tell the user (null while it runs). */
  coreStopped: string | null;
  /** Starts the core again (the vault is then locked) and reads its status. */
  restartCore: () => Promise<void>;
  refresh: () => Promise<void>;
  create: (passphrase: string, identity: { name: string; role?: string }) => Promise<void>;
  /** Read-only: beside another program that holds the vault (nothing can be changed). */
  unlock: (passphrase: string, readOnly?: boolean) => Promise<void>;
  lock: () => Promise<void>;
  select: (path: string) => Promise<void>;
  changePassphrase: (current: string, next: string) => Promise<void>;
  /** The periodic status call; `active` tells the core the user did something since the last one. */
  poll: (active: boolean) => Promise<void>;
  /** Something answered that the vault is locked although this window thought it open. */
  lockedElsewhere: (quietBeforeMs: number) => void;
  dismissNotices: () => void;
};

function lockMessage(quietBeforeMs: number): string {
  const minutes = useSettingsStore.getState().settings?.idleLockMinutes;
  // The core locks after `minutes` without any call that counts as activity; a few
  // seconds of slack cover the delay between this window's clock and the core's.
  if (minutes !== undefined && quietBeforeMs >= minutes * 60_000 - 5_000) {
    return `Locked after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without activity`;
  }
  return 'The vault is locked';
}

export const useVaultStore = create<VaultStore>((set, get) => ({
  status: null,
  loadError: null,
  lockMessage: null,
  noticesDismissed: false,
  coreStopped: null,
  restartCore: async () => {
    const restart = coreRestarter();
    if (!restart || !(await restart())) return;
    set({ coreStopped: null, status: null, lockMessage: null });
    await get().refresh();
  },
  refresh: async () => {
    try {
      set({ status: await api.send('vault.status', {}), loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },
  create: async (passphrase, identity) => {
    const status = await api.send('vault.create', { passphrase, ...identity });
    set({ status, lockMessage: null, noticesDismissed: false });
  },
  unlock: async (passphrase, readOnly) => {
    const status = await api.send('vault.unlock', readOnly ? { passphrase, readOnly } : { passphrase });
    set({ status, lockMessage: null, noticesDismissed: false });
  },
  lock: async () => {
    clearVaultData();
    try {
      set({ status: await api.send('vault.lock', {}), lockMessage: null });
    } catch (error) {
      // The case data is gone from the page already; say that the core could not be reached.
      set({ loadError: errorMessage(error) });
    }
  },
  select: async (path) => set({ status: await api.send('vault.select', { path }), lockMessage: null }),
  changePassphrase: async (current, next) => {
    await api.send('vault.changePassphrase', { current, next });
  },
  poll: async (active) => {
    const quiet = quietMs();
    const status = await api.send('vault.status', active ? { active: true } : {});
    if (status.state !== 'unlocked' && get().status?.state === 'unlocked') get().lockedElsewhere(quiet);
    // A poll every 20 s should not re-render the app when nothing changed.
    else if (JSON.stringify(status) !== JSON.stringify(get().status)) set({ status });
  },
  lockedElsewhere: (quietBeforeMs) => {
    const current = get().status;
    if (current?.state !== 'unlocked') return;
    const message = lockMessage(quietBeforeMs);
    clearVaultData();
    set({ status: { state: 'locked', path: current.path }, lockMessage: message });
  },
  dismissNotices: () => set({ noticesDismissed: true }),
}));

onVaultLocked((quietBeforeMs) => useVaultStore.getState().lockedElsewhere(quietBeforeMs));
onCoreStopped((message) => {
  // What the stopped core had read out of the vault goes from the page too; the new core starts locked.
  clearVaultData();
  useVaultStore.setState({ coreStopped: message });
});

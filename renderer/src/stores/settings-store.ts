import { create } from 'zustand';
import type { Input, Output } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { holdsVaultData } from './vault-data';

type SettingsView = Output<'settings.get'>;

type SettingsStore = {
  settings: SettingsView | null;
  error: string | null;
  load: () => Promise<void>;
  update: (changes: Input<'settings.update'>) => Promise<SettingsView>;
};

/** The vault's settings; loaded after unlocking, cleared when it locks (they live inside the vault). */
export const useSettingsStore = create<SettingsStore>((set) => ({
  settings: null,
  error: null,
  load: async () => {
    try {
      set({ settings: await api.send('settings.get', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  update: async (changes) => {
    const settings = await api.send('settings.update', changes);
    set({ settings, error: null });
    return settings;
  },
}));
holdsVaultData(useSettingsStore);

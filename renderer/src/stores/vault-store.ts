import { create } from 'zustand';
import type { Output } from '../../../shared/api/contract';
import { api } from '../api/client';

type VaultStatus = Output<'vault.status'>;

type VaultStore = {
  status: VaultStatus | null;
  loadError: string | null;
  refresh: () => Promise<void>;
  create: (passphrase: string) => Promise<void>;
  unlock: (passphrase: string) => Promise<void>;
  lock: () => Promise<void>;
};

export const useVaultStore = create<VaultStore>((set) => ({
  status: null,
  loadError: null,
  refresh: async () => {
    try {
      set({ status: await api.send('vault.status', {}), loadError: null });
    } catch (error) {
      set({ loadError: error instanceof Error ? error.message : String(error) });
    }
  },
  create: async (passphrase) => set({ status: await api.send('vault.create', { passphrase }) }),
  unlock: async (passphrase) => set({ status: await api.send('vault.unlock', { passphrase }) }),
  lock: async () => set({ status: await api.send('vault.lock', {}) }),
}));

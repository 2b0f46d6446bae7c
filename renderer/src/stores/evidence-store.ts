/**
 * The evidence log of the open case (items, files, custody, totals). Every
 * command answers one item; the whole log is fetched again afterwards, so
 * the totals and badges stay true. The case detail is refreshed quietly too,
 * since every change is also a case event (the History badge counts them).
 */
import { create } from 'zustand';
import type { EvidenceLog } from '../../../shared/evidence/evidence-fold';
import { api, errorMessage } from '../api/client';
import { refreshCaseQuietly } from './case-store';
import { holdsVaultData } from './vault-data';

type EvidenceStore = {
  caseId: string | null;
  log: EvidenceLog | null;
  error: string | null;
  selectedItemId: string | null;
  load: (caseId: string) => Promise<void>;
  select: (itemId: string | null) => void;
  /** Runs a command, then reloads the log (and the case detail). */
  run: <T>(caseId: string, command: () => Promise<T>) => Promise<T>;
};


export const useEvidenceStore = create<EvidenceStore>((set, get) => ({
  caseId: null,
  log: null,
  error: null,
  selectedItemId: null,
  load: async (caseId) => {
    if (get().caseId !== caseId) set({ caseId, log: null, error: null, selectedItemId: null });
    try {
      const log = await api.send('evidence.list', { caseId });
      if (get().caseId === caseId) set({ log, error: null });
    } catch (error) {
      if (get().caseId === caseId) set({ error: errorMessage(error) });
    }
  },
  select: (itemId) => set({ selectedItemId: itemId }),
  run: async (caseId, command) => {
    try {
      return await command();
    } finally {
      await get().load(caseId);
      void refreshCaseQuietly(caseId);
    }
  },
}));
holdsVaultData(useEvidenceStore);

/**
 * The checklists (playbook runs) of the open case. Every command answers the
 * case's whole checklist view, which replaces the one shown; the case detail
 * is refreshed quietly afterwards, since each change is also a case event.
 */
import { create } from 'zustand';
import type { Input } from '../../../shared/api/contract';
import type { ChecklistView } from '../../../shared/api/playbook-schemas';
import { api, errorMessage } from '../api/client';
import { refreshCaseQuietly } from './case-store';
import { holdsVaultData } from './vault-data';

type ChecklistStore = {
  caseId: string | null;
  view: ChecklistView | null;
  error: string | null;
  load: (caseId: string) => Promise<void>;
  attach: (input: Input<'checklist.attach'>) => Promise<void>;
  setStep: (input: Input<'checklist.setStep'>) => Promise<void>;
  decide: (input: Input<'checklist.decide'>) => Promise<void>;
  detach: (input: Input<'checklist.detach'>) => Promise<void>;
};


export const useChecklistStore = create<ChecklistStore>((set, get) => {
  async function run(caseId: string, command: () => Promise<ChecklistView>): Promise<void> {
    const view = await command();
    if (get().caseId === caseId) set({ view, error: null });
    void refreshCaseQuietly(caseId);
  }
  return {
    caseId: null,
    view: null,
    error: null,
    load: async (caseId) => {
      if (get().caseId !== caseId) set({ caseId, view: null, error: null });
      try {
        const view = await api.send('checklist.get', { caseId });
        if (get().caseId === caseId) set({ view, error: null });
      } catch (error) {
        if (get().caseId === caseId) set({ error: errorMessage(error) });
      }
    },
    attach: (input) => run(input.caseId, () => api.send('checklist.attach', input)),
    setStep: (input) => run(input.caseId, () => api.send('checklist.setStep', input)),
    decide: (input) => run(input.caseId, () => api.send('checklist.decide', input)),
    detach: (input) => run(input.caseId, () => api.send('checklist.detach', input)),
  };
});
holdsVaultData(useChecklistStore);

import { create } from 'zustand';
import type { Input, Output } from '../../../shared/api/contract';
import { api, errorMessage } from '../api/client';
import { holdsVaultData } from './vault-data';

export type CaseSummary = Output<'case.list'>[number];
export type CaseDetail = Output<'case.get'>;

type CaseStore = {
  cases: CaseSummary[];
  loaded: boolean;
  listError: string | null;
  selectedId: string | null;
  detail: CaseDetail | null;
  detailError: string | null;
  load: () => Promise<void>;
  select: (id: string | null) => Promise<void>;
  /** Reads the list and the open case again without blanking them (after sync brought changes in). */
  refresh: () => Promise<void>;
  create: (input: Input<'case.create'>) => Promise<CaseDetail>;
  /** Runs a command that answers the case's new state, shows that state and refreshes the list. */
  apply: (command: () => Promise<CaseDetail>) => Promise<CaseDetail>;
};

export const useCaseStore = create<CaseStore>((set, get) => ({
  cases: [],
  loaded: false,
  listError: null,
  selectedId: null,
  detail: null,
  detailError: null,
  load: async () => {
    try {
      set({ cases: await api.send('case.list', {}), loaded: true, listError: null });
    } catch (error) {
      set({ loaded: true, listError: errorMessage(error) });
    }
  },
  select: async (id) => {
    set({ selectedId: id, detail: null, detailError: null });
    if (id === null) return;
    try {
      const detail = await api.send('case.get', { id });
      if (get().selectedId === id) set({ detail });
    } catch (error) {
      if (get().selectedId === id) set({ detailError: errorMessage(error) });
    }
  },
  refresh: async () => {
    await get().load();
    const id = get().selectedId;
    if (id === null) return;
    try {
      const detail = await api.send('case.get', { id });
      if (get().selectedId === id) set({ detail, detailError: null });
    } catch {
      // The case stays as shown; the next change or selection reads it again.
    }
  },
  create: async (input) => {
    const created = await api.send('case.create', input);
    await get().load();
    await get().select(created.id);
    return created;
  },
  apply: async (command) => {
    const state = await command();
    if (get().selectedId === state.id) set({ detail: state, detailError: null });
    // The list shows status, priority, title and the time of the last change.
    void get().load();
    return state;
  },
}));
holdsVaultData(useCaseStore);

/**
 * Reads the open case again after a command of another store (evidence, records, checklists): each of
 * them is also a case event, so the header and the History badge change. Without blanking anything:
 * on failure the case stays as shown and catches up on the next change.
 */
export async function refreshCaseQuietly(caseId: string): Promise<void> {
  try {
    const [detail, cases] = await Promise.all([api.send('case.get', { id: caseId }), api.send('case.list', {})]);
    // The list shows checklist progress and status too: it follows the change.
    useCaseStore.setState(useCaseStore.getState().selectedId === caseId ? { detail, cases } : { cases });
  } catch {
    // Shown as it was; the next change reads it again.
  }
}

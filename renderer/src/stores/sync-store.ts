import { create } from 'zustand';
import type { Output } from '../../../shared/api/contract';
import type { SyncStatusView } from '../../../shared/api/sync-schemas';
import { api, errorMessage } from '../api/client';
import { useCaseStore } from './case-store';
import { useChecklistStore } from './checklist-store';
import { holdsVaultData } from './vault-data';

type Alerts = Output<'alert.list'>;

type SyncStore = {
  status: SyncStatusView | null;
  /** The team's alerts (they come with sync), for the banner and the coordinator's list. */
  alerts: Alerts | null;
  setAlerts: (alerts: Alerts) => void;
  error: string | null;
  /** Reads the status again (the header polls; the Sync screen calls it after each action). */
  load: () => Promise<void>;
};

/** The newest run's end: a later one means runs finished since the last read. */
const newest = (status: SyncStatusView | null) => status?.runs[0]?.finishedAt ?? '';

/**
 * How sync stands, for the header indicator and the Sync screen: one read
 * shared by both. When runs that brought changes in finished since the last
 * read, the case list, the open case and its checklist are read again, so
 * what others did shows up without anyone reloading.
 */
export const useSyncStore = create<SyncStore>((set, get) => ({
  status: null,
  alerts: null,
  error: null,
  setAlerts: (alerts) => set({ alerts }),
  load: async () => {
    try {
      const before = get().status;
      const [status, alerts] = await Promise.all([api.send('sync.status', {}), api.send('alert.list', {})]);
      set({ status, alerts, error: null });
      if (before === null || newest(status) <= newest(before)) return;
      const brought = status.runs.filter((r) => r.finishedAt > newest(before)).some((r) => r.eventsIn > 0);
      if (!brought) return;
      void useCaseStore.getState().refresh();
      const checklist = useChecklistStore.getState();
      if (checklist.caseId !== null && checklist.caseId === useCaseStore.getState().selectedId) void checklist.load(checklist.caseId);
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
holdsVaultData(useSyncStore);

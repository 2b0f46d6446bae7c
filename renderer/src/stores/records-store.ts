/**
 * The investigation-record grids of the open case (indicators, systems,
 * accounts, malware and tools, exfiltration), one list per kind, loaded
 * when its grid is shown. Sorting and filtering happen in the renderer with
 * the same functions the API uses (shared/evidence/grid.ts).
 */
import { create } from 'zustand';
import type { RecordKind } from '../../../shared/evidence/record-payloads';
import type { RecordState } from '../../../shared/evidence/records-fold';
import { api, errorMessage } from '../api/client';
import { refreshCaseQuietly } from './case-store';
import { holdsVaultData } from './vault-data';

type RecordsStore = {
  caseId: string | null;
  rows: Partial<Record<RecordKind, RecordState[]>>;
  errors: Partial<Record<RecordKind, string>>;
  /** Host names of the case's systems, to show linked systems by name. */
  systemNames: ReadonlyMap<string, string>;
  load: (caseId: string, kind: RecordKind) => Promise<void>;
  /** Runs a command, then reloads that kind's grid (and the case detail). */
  run: <T>(caseId: string, kind: RecordKind, command: () => Promise<T>) => Promise<T>;
};


export const useRecordsStore = create<RecordsStore>((set, get) => ({
  caseId: null,
  rows: {},
  errors: {},
  systemNames: new Map(),
  load: async (caseId, kind) => {
    if (get().caseId !== caseId) set({ caseId, rows: {}, errors: {}, systemNames: new Map() });
    try {
      const [grid, systems] = await Promise.all([
        api.send('record.list', { caseId, kind, includeRetracted: true }),
        kind === 'system' ? null : api.send('record.list', { caseId, kind: 'system' }),
      ]);
      if (get().caseId !== caseId) return;
      const systemRows = (systems ?? grid).rows as RecordState<'system'>[];
      const systemNames = new Map(systemRows.map((s) => [s.id, s.fields.hostName || s.fields.addresses.join(', ') || s.id.slice(0, 8)]));
      set((s) => ({ rows: { ...s.rows, [kind]: grid.rows }, errors: { ...s.errors, [kind]: undefined }, systemNames }));
    } catch (error) {
      if (get().caseId === caseId) set((s) => ({ errors: { ...s.errors, [kind]: errorMessage(error) } }));
    }
  },
  run: async (caseId, kind, command) => {
    try {
      return await command();
    } finally {
      await get().load(caseId, kind);
      void refreshCaseQuietly(caseId);
    }
  },
}));
holdsVaultData(useRecordsStore);

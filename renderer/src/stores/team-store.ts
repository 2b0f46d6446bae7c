import { create } from 'zustand';
import type { Team } from '../../../shared/playbooks/team';
import { api, errorMessage } from '../api/client';
import { holdsVaultData } from './vault-data';

type TeamStore = {
  team: Team | null;
  error: string | null;
  /** Reads the team's contacts and lists (again: after the team editor saved). */
  load: () => Promise<void>;
  /** Takes the team as saved, so steps that name its lists show the people at once. */
  saved: (team: Team) => void;
};

/** The team's contacts and lists as the checklist shows them beside notify and escalate steps. */
export const useTeamStore = create<TeamStore>((set) => ({
  team: null,
  error: null,
  load: async () => {
    try {
      set({ team: await api.send('team.get', {}), error: null });
    } catch (caught) {
      set({ error: errorMessage(caught) });
    }
  },
  saved: (team) => set({ team, error: null }),
}));
holdsVaultData(useTeamStore);

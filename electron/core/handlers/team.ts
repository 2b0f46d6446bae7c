import { ensureRoster } from '../team/roster-store';
import { readHeld } from '../team/held-store';
import { writeJoinRequest } from '../team/join-request';
import { approveDevice, readRequest, refuseHeld, revokeDevice, rosterView } from '../team/team-service';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

/** The team roster: join requests, enrolment and revocation, and the bundles held for devices not on it. */
export function teamHandlers(vault: Vault) {
  return {
    'team.roster': async () => rosterView(vault.unlocked()),
    'team.joinRequest': async (input) => writeJoinRequest(vault.unlocked(), input),
    'team.readRequest': async ({ path }) => readRequest(vault.unlocked(), path),
    'team.approve': async (input) => {
      const session = vault.unlocked();
      await ensureRoster(session);
      return approveDevice(session, input);
    },
    'team.revoke': async (input) => revokeDevice(vault.unlocked(), input),
    'bundle.held': async () => ({ held: await readHeld(vault.unlocked()) }),
    'bundle.refuse': async ({ digest, reason }) => refuseHeld(vault.unlocked(), digest, reason),
  } satisfies Partial<Handlers>;
}

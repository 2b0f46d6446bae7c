/**
 * A team for sync runs: a coordinator and responders, each enrolled and
 * holding the team profile with the roster, driven through the real core.
 */
import path from 'node:path';
import type { SyncTarget } from '../../../../electron/core/sync/target';
import { runSync } from '../../../../electron/core/sync/sync-run';
import { readSyncState, type TargetState } from '../../../../electron/core/sync/sync-state';
import { enrol, type Desk } from '../bundles/bundle-fixture';

export const job = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };

type Desks = { readonly dir: string; desk: (name: string) => Promise<Desk> };

export async function syncTeam(desks: Desks, ...responders: string[]): Promise<{ coordinator: Desk; responders: Desk[] }> {
  const coordinator = await desks.desk('coordinator');
  const fields: Desk[] = [];
  for (const name of responders) {
    const field = await desks.desk(name.toLowerCase());
    await enrol(coordinator, field, desks.dir, name);
    fields.push(field);
  }
  const profile = path.join(desks.dir, 'team-profile.json');
  await coordinator.call('team.exportProfile', { path: profile, name: 'CSIRT Lyon' });
  for (const field of fields) await field.call('team.importProfile', { path: profile });
  return { coordinator, responders: fields };
}

export const syncWith = (desk: Desk, name: string, target: SyncTarget) => runSync(desk.core.vault.unlocked(), name, target, job);

export const deviceOf = async (desk: Desk) => (await desk.call('keys.show', {})).device.deviceId;

/** What `desk` has saved of its sync with the target named `name` (undefined: never synced). */
export const savedState = async (desk: Desk, name: string): Promise<TargetState | undefined> => (await readSyncState(desk.core.vault.unlocked())).targets[name];

/**
 * A real team for the sync benchmarks: a coordinator (its keys, its roster),
 * devices that sent join requests and were approved, and the team profile
 * imported on every one of them, all through the API contract. A device may
 * be a vault of this process (a Desk) or the real host program over HTTP
 * (anything with `call`).
 */
import path from 'node:path';
import type { SyncJobView } from '../../../shared/api/sync-schemas';
import { openDesk, type Desk } from './bench-desk';

export type Caller = { call: <T>(method: string, args: unknown) => Promise<T> };

export type Team = { coordinator: Desk; profile: string; desks: Desk[]; close: () => Promise<void> };

/** A coordinator in `dir`/coordinator, with its team profile exported; `close` locks every desk opened here. */
export async function startTeam(dir: string): Promise<Team> {
  const desks: Desk[] = [];
  const coordinator = await openDesk(path.join(dir, 'coordinator'), true);
  desks.push(coordinator);
  await coordinator.call('keys.coordinatorInit', {});
  const profile = path.join(dir, 'team-profile.json');
  return { coordinator, profile, desks, close: async () => void (await Promise.all(desks.map((d) => d.core.close()))) };
}

/** Sends `device`'s join request to the coordinator, who approves it. */
export async function enrol(team: Team, device: Caller, dir: string, name: string): Promise<void> {
  const request = path.join(dir, `join-${name}.json`);
  await device.call('team.joinRequest', { path: request, name });
  await team.coordinator.call('team.approve', { path: request });
}

/** Exports the team profile (the roster as it stands) and imports it on every one of `devices`. */
export async function shareProfile(team: Team, devices: Caller[]): Promise<void> {
  await team.coordinator.call('team.exportProfile', { path: team.profile, name: 'Bench CSIRT' });
  for (const device of devices) await device.call('team.importProfile', { path: team.profile });
}

/** A new vault of this process in `dir`/`name`, enrolled (its profile still to import: shareProfile). */
export async function addDesk(team: Team, dir: string, name: string): Promise<Desk> {
  const desk = await openDesk(path.join(dir, name), true);
  team.desks.push(desk);
  await enrol(team, desk, dir, name);
  return desk;
}

/** `sync.run` through the API, followed with `job.wait` to its end; throws unless every target's run went through. */
export async function syncRun(device: Caller, name?: string): Promise<SyncJobView> {
  let view = await device.call<SyncJobView>('sync.run', name === undefined ? {} : { name });
  while (view.state !== 'done' && view.state !== 'failed' && view.state !== 'cancelled') {
    view = await device.call<SyncJobView>('job.wait', { jobId: view.jobId, timeoutMs: 10_000 });
  }
  if (view.state !== 'done') throw new Error(`sync.run ${view.state}: ${view.error?.message ?? ''}`);
  const failed = view.result?.runs.filter((r) => !r.ok) ?? [];
  if (failed.length > 0) throw new Error(`sync.run: ${failed.map((r) => `${r.name}: ${r.error?.message ?? ''}`).join('; ')}`);
  return view;
}

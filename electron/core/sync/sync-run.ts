/**
 * One sync run with one target: seal what changed here into a segment (in
 * the outbox first: ./outbox.ts), send the outbox from the target's cursor,
 * then read every other device of the roster from its cursor (./pull.ts).
 * The cursors are saved after each step, so a run cut off anywhere goes on
 * from there next time. A target that cannot be reached fails the run
 * (reported, never taken for "nothing new"); a segment that is not there
 * yet only stops its device.
 *
 * Segments are encrypted to every device on the roster that gave a sync
 * recipient and to the coordinator, so the field devices read each other's
 * work as well as the coordinator does.
 */
import { ApiFailure } from '../../../shared/api/errors';
import type { Identity } from '../age';
import { exportBundle } from '../bundles/export';
import { importBundle } from '../bundles/import';
import { readCoordinator, readProfile } from '../bundles/key-store';
import type { JobContext } from '../jobs/job-runner';
import { deviceRecipient } from '../team/join-request';
import { readBulletinState } from '../team/bulletin-store';
import { isCoordinatorVault, readRoster } from '../team/roster-store';
import type { VaultSession } from '../vault/session';
import { Outbox, PushStopped } from './outbox';
import { pullDevice, type DevicePull } from './pull';
import { emptyTargetState, readSyncState, writeSyncState } from './sync-state';
import { devicePrefix } from './segment-names';
import type { SyncTarget } from './target';

export type SyncRunReport = {
  target: string;
  /** The segment sealed by this run (null: nothing had changed). */
  sealed: number | null;
  /** This device's segments the target holds now. */
  pushed: number;
  pulled: DevicePull[];
};

type Job = Pick<JobContext, 'progress' | 'throwIfCancelled' | 'signal'>;

/**
 * `receive: false` only seals and sends (the second pass of a run with several targets: see sync-service.ts).
 * `relay`: this device bridges targets, so a newer roster or bulletin it received is sealed on even with no case changed.
 */
export type RunOptions = { receive?: boolean; relay?: boolean };

export async function runSync(session: VaultSession, name: string, target: SyncTarget, job: Job, options: RunOptions = {}): Promise<SyncRunReport> {
  const roster = await readRoster(session);
  if (!roster) throw new ApiFailure('bad_request', 'This vault is in no team yet: sync needs the team roster (import your coordinator’s team profile first)');
  const me = session.device.deviceId;
  const outbox = new Outbox(session.storage.dir);
  const state = await readSyncState(session);
  const mine = state.targets[name] ?? emptyTargetState();
  const save = async () => {
    state.targets[name] = mine;
    await writeSyncState(session, state);
  };

  // A target that cannot be reached fails the run before anything is sealed: what was done offline
  // stays "waiting" as changes, and goes into one segment once a target answers.
  await target.list(devicePrefix(me));
  job.progress({ phase: 'sealing' });
  // A coordinator's new roster (a device enrolled or revoked) or alert, and an alert acknowledged here,
  // go out even when no case changed: they travel in the segment's manifest.
  const coordinating = await isCoordinatorVault(session);
  const bulletin = await readBulletinState(session);
  const passesOn = coordinating || options.relay === true;
  const serials = { roster: roster.document.serial, bulletin: bulletin.bulletin?.document.serial ?? 0, acks: bulletin.acks.filter((a) => passesOn || a.device === me).length };
  const news = (passesOn && ((state.rosterSealed ?? 0) < serials.roster || (state.bulletinSealed ?? 0) < serials.bulletin)) || (state.acksSealed ?? 0) < serials.acks;
  const sealed = await sealChanges(session, outbox, await recipientsOf(session, roster.document), job, news);
  if (sealed !== null) Object.assign(state, { acksSealed: serials.acks, ...(passesOn ? { rosterSealed: serials.roster, bulletinSealed: serials.bulletin } : {}) });
  job.progress({ phase: 'sending' });
  try {
    mine.pushed = await outbox.push(target, me, mine.pushed);
  } catch (error) {
    if (!(error instanceof PushStopped)) throw error;
    mine.pushed = error.cursor;
    await save();
    throw error.cause;
  }
  await save();
  if (options.receive === false) return { target: name, sealed, pushed: mine.pushed, pulled: [] };

  const identities: Identity[] = [await deviceRecipient(session)];
  const coordinator = await readCoordinator(session);
  if (coordinator) identities.push(coordinator);
  const others = [...roster.document.devices, ...roster.document.revoked].map((d) => d.device).filter((d) => d !== me);
  const pulled: DevicePull[] = [];
  job.progress({ phase: 'receiving' });
  for (const device of [...new Set(others)]) {
    job.throwIfCancelled();
    const pull = await pullDevice(target, device, mine.read[device], session.storage.dir, (file) => importBundle(session, { path: file, identities }, job));
    if (pull.cursor !== undefined) mine.read[device] = pull.cursor;
    await save();
    pulled.push(pull);
  }
  return { target: name, sealed, pushed: mine.pushed, pulled };
}

/** Every roster device's sync recipient and the coordinator's. */
export async function recipientsOf(session: VaultSession, roster: { devices: ReadonlyArray<{ recipient?: string | undefined }> }): Promise<string[]> {
  const recipients = new Set<string>();
  for (const d of roster.devices) if (d.recipient) recipients.add(d.recipient);
  const coordinator = (await readProfile(session))?.coordinator.recipient ?? (await readCoordinator(session))?.recipient;
  if (coordinator) recipients.add(coordinator);
  if (recipients.size === 0) throw new ApiFailure('bad_request', 'No one on the roster can read a segment: no device gave a sync recipient, and there is no coordinator key');
  return [...recipients].sort();
}

/** Seals the events not yet sealed for these recipients as the next segment; null when nothing changed. */
async function sealChanges(session: VaultSession, outbox: Outbox, recipients: string[], job: Job, allowEmpty: boolean): Promise<number | null> {
  try {
    const segment = await outbox.add((temp) => exportBundle(session, { changedSince: true, path: temp, recipients, allowEmpty }, job).then(() => undefined));
    return segment.sequence;
  } catch (error) {
    if (error instanceof ApiFailure && error.code === 'not_found') return null;
    throw error;
  }
}

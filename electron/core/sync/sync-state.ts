/**
 * How far sync got with each target, sealed in the vault
 * (`sync-state.json`, under the data key like the other team files):
 * the last of this device's segments the target is known to hold, and for
 * every other device the name of the last of its segments read from there.
 * A cursor only ever moves over segments that were sent or applied, so an
 * interrupted run goes on from where it stopped, skipping and repeating
 * nothing.
 */
import { SYNC_STATE_FILE } from './files';
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import { sealedAt } from '../bundles/key-store';
import type { VaultSession } from '../vault/session';
import { readSealed, writeSealed } from '../vault/store/sealed-file';


const at = z.string().max(40);
const errorSchema = z.strictObject({ at, kind: z.string().max(40), message: z.string().max(2000) });
const targetStateSchema = z.strictObject({
  pushed: z.int().min(0),
  read: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().max(200)),
  /** For the status: the last run that went through, and the last that did not (whichever is later tells the state). */
  lastSuccess: z.strictObject({ at, segmentsIn: z.int().min(0), eventsIn: z.int().min(0) }).optional(),
  lastError: errorSchema.optional(),
});
const runSchema = z.strictObject({
  target: z.string().max(200),
  trigger: z.enum(['manual', 'schedule', 'reconnect', 'change']),
  startedAt: at,
  finishedAt: at,
  ok: z.boolean(),
  error: z.strictObject({ kind: z.string().max(40), message: z.string().max(2000) }).nullable(),
  sealed: z.int().min(0).nullable(),
  segmentsSent: z.int().min(0),
  segmentsIn: z.int().min(0),
  eventsIn: z.int().min(0),
  held: z.int().min(0),
  waiting: z.int().min(0),
});
const syncStateSchema = z.strictObject({
  targets: z.record(z.string().max(200), targetStateSchema),
  /** The serial of the last roster sealed into a segment here (a coordinator's new roster goes out even with no case changed). */
  rosterSealed: z.int().min(0).optional(),
  /** Likewise the coordinator's bulletin serial, and the number of this device's alert acknowledgements, last sealed. */
  bulletinSealed: z.int().min(0).optional(),
  acksSealed: z.int().min(0).optional(),
  /** The last runs, newest first (RUNS_KEPT of them). */
  runs: z.array(runSchema).optional(),
});

export const RUNS_KEPT = 100;

export type TargetState = z.infer<typeof targetStateSchema>;
export type SyncState = z.infer<typeof syncStateSchema>;

export const emptyTargetState = (): TargetState => ({ pushed: 0, read: {} });

export async function readSyncState(session: VaultSession): Promise<SyncState> {
  const { file, key, aad } = sealedAt(session, SYNC_STATE_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return { targets: {} };
  const parsed = syncStateSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold the sync state`);
  return parsed.data;
}

export async function writeSyncState(session: VaultSession, state: SyncState): Promise<void> {
  const { file, key, aad } = sealedAt(session, SYNC_STATE_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(syncStateSchema.parse(state)), 'utf8'));
}

/** A target's last failure when it came after its last success: how the target stands now (null: it went through last). */
export function currentError(saved: TargetState | undefined): NonNullable<TargetState['lastError']> | null {
  const error = saved?.lastError;
  return error && (!saved.lastSuccess || error.at > saved.lastSuccess.at) ? error : null;
}

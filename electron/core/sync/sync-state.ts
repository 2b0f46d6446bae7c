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


const targetStateSchema = z.strictObject({
  pushed: z.int().min(0),
  read: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string().max(200)),
});
const syncStateSchema = z.strictObject({ targets: z.record(z.string().max(200), targetStateSchema) });

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

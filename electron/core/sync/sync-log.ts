/**
 * The record of sync runs the Sync screen lists, kept in the sealed sync
 * state (./sync-state.ts): the last RUNS_KEPT runs, newest first, and per
 * target its last success (with what it brought in) and its last failure.
 */
import type { SyncRunRecord } from '../../../shared/api/sync-schemas';
import type { VaultSession } from '../vault/session';
import { emptyTargetState, readSyncState, RUNS_KEPT, writeSyncState } from './sync-state';

export async function recordRun(session: VaultSession, run: SyncRunRecord): Promise<void> {
  if (session.readOnly) return;
  const state = await readSyncState(session);
  const target = state.targets[run.target] ?? emptyTargetState();
  if (run.ok) target.lastSuccess = { at: run.finishedAt, segmentsIn: run.segmentsIn, eventsIn: run.eventsIn };
  else if (run.error) target.lastError = { at: run.finishedAt, kind: run.error.kind, message: run.error.message.slice(0, 2000) };
  state.targets[run.target] = target;
  state.runs = [{ ...run, error: run.error ? { kind: run.error.kind, message: run.error.message.slice(0, 2000) } : null }, ...(state.runs ?? [])].slice(0, RUNS_KEPT);
  await writeSyncState(session, state);
}

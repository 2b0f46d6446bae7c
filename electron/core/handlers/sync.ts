import type { SyncTargetRun } from '../../../shared/api/sync-schemas';
import { fingerprintOf } from '../vault/store/device-key';
import { DeviceIdClash } from '../sync/outbox';
import { runSync } from '../sync/sync-run';
import { readSyncState } from '../sync/sync-state';
import { TargetError } from '../sync/target';
import { addTarget, readTargets, removeTarget, targetOf, targetView, type StoredTarget } from '../sync/targets-store';
import type { VaultSession } from '../vault/session';
import type { Vault } from '../vault/vault';
import { ApiFailure } from '../../../shared/api/errors';
import type { Handlers } from './types';

/** Sync targets (electron/core/sync/): add, list, remove, and run them. */
export function syncHandlers(vault: Vault) {
  return {
    'sync.add': async (input) => {
      const session = vault.unlocked();
      return targetView(await addTarget(session, input), 0);
    },
    'sync.list': async () => listTargets(vault.unlocked()),
    'sync.remove': async ({ name }) => {
      const session = vault.unlocked();
      await removeTarget(session, name);
      return listTargets(session);
    },
    'sync.run': async ({ name }) => {
      const session = vault.unlocked();
      const targets = (await readTargets(session)).filter((t) => name === undefined || t.name === name);
      if (name !== undefined && targets.length === 0) throw new ApiFailure('not_found', `There is no sync target called ${name}`);
      if (targets.length === 0) throw new ApiFailure('not_found', 'There is no sync target yet: add a folder or a WebDAV server first');
      const runs: SyncTargetRun[] = [];
      for (const target of targets) runs.push(await runOne(session, target));
      return { runs };
    },
  } satisfies Partial<Handlers>;
}

async function listTargets(session: VaultSession) {
  const state = await readSyncState(session);
  return { targets: (await readTargets(session)).map((t) => targetView(t, state.targets[t.name]?.pushed ?? 0)) };
}

const noJob = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };

/** One target's run, its failure said in the outcome (the other targets still run). */
async function runOne(session: VaultSession, stored: StoredTarget): Promise<SyncTargetRun> {
  const target = targetOf(stored);
  try {
    const report = await runSync(session, stored.name, target, noJob);
    return {
      name: stored.name,
      ok: true,
      error: null,
      sealed: report.sealed,
      segmentsSent: report.pushed,
      pulled: report.pulled.map((p) => ({
        device: p.device,
        fingerprint: fingerprintOf(p.device),
        segmentsApplied: p.reports.length,
        eventsApplied: p.reports.reduce((sum, r) => sum + Object.values(r.newEventsByDevice).reduce((a, b) => a + b, 0), 0),
        held: p.reports.filter((r) => r.held !== null).length,
        waiting: p.waiting,
      })),
    };
  } catch (error) {
    if (!(error instanceof TargetError || error instanceof DeviceIdClash)) throw error;
    const state = await readSyncState(session);
    return { name: stored.name, ok: false, error: { kind: error instanceof TargetError ? error.kind : 'copied-vault', message: error.message }, sealed: null, segmentsSent: state.targets[stored.name]?.pushed ?? 0, pulled: [] };
  } finally {
    target.close?.();
  }
}

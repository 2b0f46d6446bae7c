/**
 * Bundle import: `readBundle` verifies everything first (and stages the
 * evidence files); only then is anything applied: the events of each case
 * are added with one durable write per case (events already here are
 * skipped), then the staged evidence files are renamed into the blob store
 * (one already stored is kept as it is), and new devices are remembered. Importing the
 * same bundle again changes nothing.
 */
import { access, readFile, rename, rm } from 'node:fs/promises';
import type { BundleImportReport } from '../../../shared/api/bundle-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import type { CaseEvent } from '../../../shared/events/event';
import type { CaseConflict } from '../../../shared/events/fold';
import { foldChecklists } from '../../../shared/playbooks/checklist-fold';
import { parseIdentityFile, passphraseIdentity, type Identity } from '../age';
import { blobStoreFor } from '../evidence/blob-store';
import { syncDir } from '../fs/atomic-write';
import type { JobContext } from '../jobs/job-runner';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { ioFailure } from '../vault/store/io-error';
import { readCoordinator, readDevices, rememberDevices } from './key-store';
import { readBundle, type VerifiedBundle } from './read-bundle';
import { offerBulletin, recordAcks } from '../team/bulletin-store';
import { BundleRejected } from './rejection';
import { gateBundle, takeBundleRoster } from '../team/roster-gate';
import type { HeldBundle } from '../../../shared/api/roster-schemas';

/** `identities`: the keys to use, given by the caller itself (sync: this device's own and the coordinator's). */
export type OpenRequest = { path: string; passphrase?: string | undefined; identityFile?: string | undefined; identities?: readonly Identity[] };

/** The keys to try: those given, else the passphrase, else the identity file, else the vault's coordinator identity. */
export async function identitiesFor(session: VaultSession, request: OpenRequest): Promise<Identity[]> {
  if (request.identities !== undefined) return [...request.identities];
  if (request.passphrase !== undefined) return [passphraseIdentity(request.passphrase)];
  if (request.identityFile !== undefined) {
    const text = await readFile(request.identityFile, 'utf8').catch((error: NodeJS.ErrnoException) => Promise.reject(new ApiFailure('not_found', `Cannot read the identity file ${request.identityFile ?? ''}: ${error.code ?? error.message}`)));
    try {
      return parseIdentityFile(text, request.identityFile);
    } catch (error) {
      throw new ApiFailure('bad_request', error instanceof Error ? error.message : String(error));
    }
  }
  const coordinator = await readCoordinator(session);
  if (!coordinator) throw new ApiFailure('bad_request', 'This vault has no coordinator key: give the bundle passphrase or an age identity file, or create the coordinator key first (keys coordinator-init)');
  return [coordinator];
}

/** The import under way per vault: one at a time, as a bundle's chain checks hold only until the next import applies. */
const importing = new WeakMap<VaultSession, Promise<unknown>>();

export function importBundle(session: VaultSession, request: OpenRequest, job: Pick<JobContext, 'progress' | 'throwIfCancelled'>): Promise<BundleImportReport> {
  const previous = importing.get(session) ?? Promise.resolve();
  const next = previous.then(
    () => importNow(session, request, job),
    () => importNow(session, request, job),
  );
  importing.set(session, next.catch(() => undefined));
  return next;
}

async function importNow(session: VaultSession, request: OpenRequest, job: Pick<JobContext, 'progress' | 'throwIfCancelled'>): Promise<BundleImportReport> {
  job.progress({ phase: 'verifying' });
  const identities = await identitiesFor(session, request);
  const bundle = await readBundle({ path: request.path, identities, session, stage: true, trustImported: true, job });
  try {
    job.throwIfCancelled();
    await takeBundleRoster(session, bundle.manifest.roster);
    const held = await gateBundle(session, request, bundle);
    if (held) return heldReport(bundle, held);
    await takeBulletin(session, bundle);
    job.progress({ phase: 'applying' });
    return await apply(session, bundle);
  } finally {
    await bundle.discard();
  }
}

/** The team's alerts from a bundle that passed the roster gate, and the acknowledgements of them it carries. */
async function takeBulletin(session: VaultSession, bundle: VerifiedBundle): Promise<void> {
  try {
    await offerBulletin(session, bundle.manifest.bulletin);
  } catch (error) {
    throw new BundleRejected('damaged', `The bundle was rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
  await recordAcks(session, bundle.manifest.acks);
}

async function apply(session: VaultSession, bundle: VerifiedBundle): Promise<BundleImportReport> {
  const knownDevices = await readDevices(session);
  const existingCases = new Set(session.listCases().map((c) => c.id));
  const newCases: string[] = [];
  const newEventsByDevice: Record<string, number> = {};
  let duplicatesSkipped = bundle.importedBefore !== null ? bundle.eventCount : 0;
  const conflicts: BundleImportReport['conflicts'] = [];
  for (const [caseId, events] of bundle.events) {
    const fresh = bundle.fresh.get(caseId) ?? [];
    const { added, duplicates, conflicts: caseConflicts } = await session.importEvents(caseId, fresh, bundle.arrivedAs);
    duplicatesSkipped += events.length - fresh.length + duplicates;
    if (added.length === 0) continue;
    if (!existingCases.has(caseId)) newCases.push(caseId);
    for (const e of added) newEventsByDevice[e.device] = (newEventsByDevice[e.device] ?? 0) + 1;
    for (const c of caseConflicts) conflicts.push({ caseId, kind: c.kind, detail: describeConflict(c) });
    conflicts.push(...(await checklistConflicts(session, caseId, added)));
  }
  // The evidence files go in once the events naming them are durable: a journal write that fails (a full disk) leaves no file behind that no event refers to.
  const { evidenceBytesAdded, evidenceFilesAdded } = await storeStagedBlobs(session, bundle);
  const devices = new Map(bundle.manifest.devices.map((d) => [d.device, d.publicKey]));
  const newDevices = [...devices.keys()].filter((d) => !knownDevices.has(d)).map((device) => ({ device, fingerprint: fingerprintOf(device) }));
  await rememberDevices(session, devices);
  session.noteBundleImported(bundle.manifestSha256);
  return { summary: bundle.summary, newCases, newEventsByDevice, duplicatesSkipped, conflicts, newDevices, evidenceBytesAdded, evidenceFilesAdded, importedBefore: bundle.importedBefore, held: null };
}

/** Nothing applied: the bundle waits for its devices to be approved. */
function heldReport(bundle: VerifiedBundle, held: HeldBundle): BundleImportReport {
  return { summary: bundle.summary, newCases: [], newEventsByDevice: {}, duplicatesSkipped: 0, conflicts: [], newDevices: [], evidenceBytesAdded: 0, evidenceFilesAdded: 0, importedBefore: null, held };
}

/** Renames the staged evidence files into the blob store (one already there is kept as it is). */
async function storeStagedBlobs(session: VaultSession, bundle: VerifiedBundle): Promise<{ evidenceBytesAdded: number; evidenceFilesAdded: number }> {
  const store = blobStoreFor(session);
  let evidenceBytesAdded = 0;
  let evidenceFilesAdded = 0;
  for (const staged of bundle.staged.splice(0)) {
    const target = store.pathOf(staged.name);
    if (await access(target).then(() => true, () => false)) {
      await rm(staged.temp, { force: true });
      continue;
    }
    await rename(staged.temp, target).catch((error: unknown) => Promise.reject(ioFailure(error, 'move an evidence file into', store.dir)));
    evidenceBytesAdded += staged.size;
    evidenceFilesAdded++;
  }
  if (evidenceFilesAdded > 0) await syncDir(store.dir);
  return { evidenceBytesAdded, evidenceFilesAdded };
}

/** The checklist conflicts in the runs the added events wrote to (a case may have older ones; those are not this import's news). */
async function checklistConflicts(session: VaultSession, caseId: string, added: readonly CaseEvent[]): Promise<BundleImportReport['conflicts']> {
  const runs = new Set(added.flatMap((e) => (e.type === 'checklist.step.set' || e.type === 'checklist.decision' ? [e.payload.runId] : [])));
  if (runs.size === 0) return [];
  const report: BundleImportReport['conflicts'] = [];
  for (const run of await session.derive(caseId, foldChecklists)) {
    if (!runs.has(run.runId)) continue;
    for (const c of run.conflicts) {
      report.push({ caseId, kind: `checklist-${c.kind}`, detail: `checklist “${run.title}”, step “${c.title}”: written differently on two devices; the latest write is shown, the other kept for review` });
    }
  }
  return report;
}

function describeConflict(conflict: CaseConflict): string {
  const what = conflict.kind === 'field' ? `field ${conflict.field}` : conflict.kind === 'note' ? `note ${conflict.noteId.slice(0, 8)}` : `timeline entry ${conflict.entryId.slice(0, 8)}`;
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return `${what}: kept “${show(conflict.winner.value)}”, also written: ${conflict.losers.map((l) => `“${show(l.value)}”`).join(', ')}`;
}

/**
 * Writes a case bundle (./FORMAT.md): the events of the chosen cases, the
 * public keys of every device that wrote them, and every evidence file they
 * reference, as tar inside age, to a temporary file beside the destination
 * that is renamed into place only when complete. Streamed: evidence files are
 * decrypted from the blob store chunk by chunk straight into the archive.
 * The SHA-256 of each evidence file is the one recorded at intake (the blob
 * store's authenticated encryption guarantees the content is unchanged), so
 * nothing is hashed twice; case files are hashed once, in memory.
 *
 * What goes in (./selection.ts): the chosen cases whole, or everything not
 * yet sent to the recipients (`changedSince`). Once the file is in place,
 * an export to recipients is added to the export log (./export-log.ts); a
 * cancelled or failed export leaves no file and no record.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { NOT_FOR_PASSPHRASE, type BundleExportResult } from '../../../shared/api/bundle-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { AgeEncryptor, parseRecipient, passphraseRecipient, type Recipient } from '../age';
import { blobName } from '../evidence/blob-format';
import { readBlob } from '../evidence/blob-reader';
import { blobStoreFor, type BlobStore } from '../evidence/blob-store';
import { syncDir } from '../fs/atomic-write';
import type { JobContext } from '../jobs/job-runner';
import { knownAcks, readBulletinState } from '../team/bulletin-store';
import { readRoster } from '../team/roster-store';
import type { VaultSession } from '../vault/session';
import { ioFailure } from '../vault/store/io-error';
import { createTarWriter, type TarSink } from '../tar';
import { lastExportTo, recordExport } from './export-log';
import { FileWriter } from './file-writer';
import { readDevices, readProfile } from './key-store';
import { buildHeads } from './chain-heads';
import { blobPath, BUNDLE_FORMAT, BUNDLE_VERSION, casePath, MANIFEST, SIGNATURE, SUMS, sumsText, type Manifest, type ManifestPart } from './manifest';
import { coordinatorName, nothingChanged, selectCases, selectChanges } from './selection';

/** `changedSince`: everything not yet sent to `recipients`, instead of `caseIds`. */
/** `formatVersion` 1 writes the older format without chain heads (for tests of older bundles); new bundles are version 2. */
export type ExportRequest = {
  caseIds?: readonly string[] | undefined;
  changedSince?: boolean | undefined;
  path: string;
  recipients: readonly string[];
  passphrase?: string | undefined;
  workFactor?: number;
  formatVersion?: 1 | 2;
  /** With `changedSince`: a bundle even when no case changed (a sync segment that carries a new roster only). */
  allowEmpty?: boolean;
};

export async function exportBundle(session: VaultSession, request: ExportRequest, job: Pick<JobContext, 'progress' | 'throwIfCancelled' | 'signal'>): Promise<BundleExportResult> {
  const recipients: Recipient[] = request.passphrase !== undefined ? [passphraseRecipient(request.passphrase, request.workFactor !== undefined ? { workFactor: request.workFactor } : {})] : request.recipients.map((r) => parseRecipient(r));
  if (recipients.length === 0) throw new ApiFailure('bad_request', 'No recipient: give an age recipient (age1…) or a bundle passphrase, or import the team profile of your coordinator');
  if (request.passphrase !== undefined && request.recipients.length > 0) throw new ApiFailure('bad_request', 'A bundle is encrypted either to recipients or to a passphrase, not both (age does not allow mixing them)');
  if (request.changedSince === true && request.passphrase !== undefined) throw new ApiFailure('bad_request', NOT_FOR_PASSPHRASE);
  if (request.changedSince !== true && (request.caseIds ?? []).length === 0) throw new ApiFailure('bad_request', 'Choose at least one case');
  const target = path.resolve(request.path);
  if (await stat(target).then(() => true, () => false)) throw new ApiFailure('bad_request', `${target} already exists; choose another name (Outpost never overwrites a file)`);

  job.progress({ phase: 'preparing' });
  // A blob's name is keyed per vault: events imported from another vault name
  // the blob as it was called there, so the local name follows from the digest.
  const localName = (sha256: string) => {
    const { key, vaultId } = session.storage;
    return blobName(key, vaultId, Buffer.from(sha256, 'hex'));
  };
  const known = await readDevices(session);
  const tracked = request.passphrase === undefined;
  const previous = request.changedSince === true ? await lastExportTo(session, request.recipients) : null;
  const selection = request.changedSince === true ? await selectChanges(session, previous, job) : await selectCases(session, request.caseIds ?? [], job);
  if (selection.cases.length === 0 && request.allowEmpty !== true) throw nothingChanged(coordinatorName({ team: await readProfile(session) }, request.recipients), previous?.lastExportAt ?? null);
  // The exporting device is always listed, events of its own or not: an importer checks the manifest signature with
  // the listed key, and a coordinator forwarding only its team's work has written nothing in the case.
  const devices = new Map<string, string>([[session.device.deviceId, session.device.publicKey]]);
  const caseFiles: Array<{ caseId: string; title: string; events: number; bytes: Buffer; sha256: string }> = [];
  let eventCount = 0;
  for (const { caseId, title, events } of selection.cases) {
    for (const event of events) {
      const key = known.get(event.device);
      if (!key) throw new ApiFailure('damaged', `Case “${title}” holds events of device ${event.device.slice(0, 16)} whose key this vault does not know; it cannot be exported`);
      devices.set(event.device, key);
    }
    const bytes = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    caseFiles.push({ caseId, title, events: events.length, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    eventCount += events.length;
  }
  const blobList = selection.blobs.map((b) => ({ ...b, blob: localName(b.sha256) }));
  const parts: ManifestPart[] = [...caseFiles.map((c) => ({ path: casePath(c.caseId), size: c.bytes.length, sha256: c.sha256 })), ...blobList.map((b) => ({ path: blobPath(b.sha256), size: b.size, sha256: b.sha256 }))];
  const version = request.formatVersion ?? BUNDLE_VERSION;
  // The team roster travels with the work, so field vaults learn who is enrolled (and revoked).
  const roster = (await readRoster(session))?.signed;
  // The team's alerts travel the same way, and the acknowledgements of them known here go back.
  const bulletin = (await readBulletinState(session)).bulletin;
  const acks = await knownAcks(session);
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    version: version === 1 ? 1 : 2,
    createdAt: new Date().toISOString(),
    exporter: { device: session.device.deviceId, publicKey: session.device.publicKey, actor: session.actorName, vaultId: session.vaultId },
    devices: [...devices].sort(([a], [b]) => (a < b ? -1 : 1)).map(([device, publicKey]) => ({ device, publicKey })),
    cases: caseFiles.map((c) => ({ caseId: c.caseId, title: c.title, events: c.events, path: casePath(c.caseId) })),
    parts,
    since: previous?.lastExportAt ?? null,
    ...(version === 2 ? { heads: buildHeads(selection.cases, { device: session.device.deviceId, sign: (bytes) => session.device.sign(bytes) }) } : {}),
    ...(roster ? { roster } : {}),
    ...(bulletin ? { bulletin } : {}),
    ...(acks.length > 0 ? { acks } : {}),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  const signature = Buffer.from(session.device.sign(manifestBytes) + '\n', 'utf8');
  const sums = Buffer.from(sumsText(createHash('sha256').update(manifestBytes).digest('hex'), parts), 'utf8');
  const blobBytes = blobList.reduce((sum, b) => sum + b.size, 0);
  const total = blobBytes + caseFiles.reduce((sum, c) => sum + c.bytes.length, 0);

  const store = blobStoreFor(session);
  const temp = path.join(path.dirname(target), `.${path.basename(target).slice(0, 100)}.${randomBytes(6).toString('hex')}.partial`);
  let done = 0;
  job.progress({ phase: 'writing', done: 0, total });
  let file: FileWriter | null = null;
  try {
    file = await FileWriter.create(temp);
    const out = file;
    // tar → age → file, each step handing its bytes straight on; a promise anywhere means "wait".
    const encryptor = await AgeEncryptor.create({ recipients });
    const emit = (bytes: Buffer): void => out.push(bytes);
    const tar = createTarWriter((bytes) => {
      encryptor.write(bytes, emit);
      return out.ready();
    });
    await tar.add({ name: MANIFEST, size: manifestBytes.length }, manifestBytes);
    await tar.add({ name: SIGNATURE, size: signature.length }, signature);
    for (const c of caseFiles) {
      await tar.add({ name: casePath(c.caseId), size: c.bytes.length }, c.bytes);
      done += c.bytes.length;
      job.progress({ done });
    }
    for (const b of blobList) {
      job.throwIfCancelled();
      await tar.add({ name: blobPath(b.sha256), size: b.size }, (write) => copyBlob(store, b.blob, job.signal, write, (bytes) => job.progress({ done: (done += bytes) })));
    }
    await tar.add({ name: SUMS, size: sums.length }, sums);
    await tar.finish();
    encryptor.end(emit);
    job.throwIfCancelled();
    await out.close();
    if (await stat(target).then(() => true, () => false)) throw new ApiFailure('bad_request', `${target} appeared while exporting; nothing was overwritten`);
    await rename(temp, target);
    await syncDir(path.dirname(target)).catch(() => undefined);
  } catch (error) {
    await file?.discard();
    job.throwIfCancelled();
    if (error instanceof ApiFailure) throw error;
    if (error instanceof Error && error.name === 'BlobProblem') throw new ApiFailure('damaged', `The bundle was not written: ${error.message}`);
    throw ioFailure(error, 'write', target);
  }
  if (tracked) {
    // The bundle is in place: from here on it counts as sent, even if this record then fails.
    await recordExport(session, { recipients: request.recipients, at: manifest.createdAt, cases: selection.cases, blobs: blobList.map((b) => b.sha256) }).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiFailure('io', `${target} was written, but what it holds could not be noted as sent (${reason}); the next export of changes will send it again`);
    });
  }
  const bytes = (await stat(target)).size;
  return { path: target, bytes, cases: caseFiles.length, events: eventCount, blobs: blobList.length, blobBytes, recipients: tracked ? [...request.recipients] : [], passphrase: !tracked, since: manifest.since };
}

/** Decrypts one evidence blob from the store into `write`, waiting whenever it asks to. */
async function copyBlob(store: BlobStore, name: string, signal: AbortSignal, write: TarSink, progress: (bytes: number) => void): Promise<void> {
  await readBlob({
    file: store.pathOf(name),
    name,
    keys: store.keys,
    signal,
    onData: async (chunks) => {
      let bytes = 0;
      for (const chunk of chunks) {
        const wait = write(chunk);
        if (wait) await wait;
        bytes += chunk.length;
      }
      progress(bytes);
    },
  });
}

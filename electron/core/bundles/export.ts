/**
 * Writes a case bundle (./FORMAT.md): the events of the chosen cases, the
 * public keys of every device that wrote them, and every evidence file they
 * reference, as tar inside age, to a temporary file beside the destination
 * that is renamed into place only when complete. Streamed: evidence files are
 * decrypted from the blob store chunk by chunk straight into the archive.
 * The SHA-256 of each evidence file is the one recorded at intake (the blob
 * store's authenticated encryption guarantees the content is unchanged), so
 * nothing is hashed twice; case files are hashed once, in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BundleExportResult } from '../../../shared/api/bundle-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import type { CaseEvent } from '../../../shared/events/event';
import { AgeEncryptor, parseRecipient, passphraseRecipient, type Recipient } from '../age';
import { blobName } from '../evidence/blob-format';
import { readBlob } from '../evidence/blob-reader';
import { blobStoreFor, type BlobStore } from '../evidence/blob-store';
import { syncDir } from '../fs/atomic-write';
import type { JobContext } from '../jobs/job-runner';
import type { VaultSession } from '../vault/session';
import { ioFailure } from '../vault/store/io-error';
import { createTarWriter, type TarSink } from '../tar';
import { readDevices } from './key-store';
import { blobPath, BUNDLE_FORMAT, casePath, MANIFEST, SIGNATURE, SUMS, sumsText, type Manifest, type ManifestPart } from './manifest';
import { FileWriter } from './file-writer';

export type ExportRequest = { caseIds: readonly string[]; path: string; recipients: readonly string[]; passphrase?: string | undefined; workFactor?: number };

type BlobRef = { sha256: string; size: number; blob: string };

export async function exportBundle(session: VaultSession, request: ExportRequest, job: Pick<JobContext, 'progress' | 'throwIfCancelled' | 'signal'>): Promise<BundleExportResult> {
  const recipients: Recipient[] = request.passphrase !== undefined ? [passphraseRecipient(request.passphrase, request.workFactor !== undefined ? { workFactor: request.workFactor } : {})] : request.recipients.map((r) => parseRecipient(r));
  if (recipients.length === 0) throw new ApiFailure('bad_request', 'No recipient: give an age recipient (age1…) or a bundle passphrase, or import the team profile of your coordinator');
  if (request.passphrase !== undefined && request.recipients.length > 0) throw new ApiFailure('bad_request', 'A bundle is encrypted either to recipients or to a passphrase, not both (age does not allow mixing them)');
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
  const devices = new Map<string, string>();
  const blobs = new Map<string, BlobRef>();
  const caseFiles: Array<{ caseId: string; title: string; events: number; bytes: Buffer; sha256: string }> = [];
  let eventCount = 0;
  for (const caseId of [...new Set(request.caseIds)]) {
    const state = await session.getCase(caseId);
    const events: readonly CaseEvent[] = await session.caseEvents(caseId);
    for (const event of events) {
      const key = known.get(event.device);
      if (!key) throw new ApiFailure('damaged', `Case “${state.title}” holds events of device ${event.device.slice(0, 16)} whose key this vault does not know; it cannot be exported`);
      devices.set(event.device, key);
      if (event.type === 'evidence.file.attached' && !blobs.has(event.payload.sha256)) blobs.set(event.payload.sha256, { sha256: event.payload.sha256, size: event.payload.size, blob: localName(event.payload.sha256) });
    }
    const bytes = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    caseFiles.push({ caseId, title: state.title, events: events.length, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    eventCount += events.length;
  }
  const blobList = [...blobs.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
  const parts: ManifestPart[] = [...caseFiles.map((c) => ({ path: casePath(c.caseId), size: c.bytes.length, sha256: c.sha256 })), ...blobList.map((b) => ({ path: blobPath(b.sha256), size: b.size, sha256: b.sha256 }))];
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    exporter: { device: session.device.deviceId, publicKey: session.device.publicKey, actor: session.settings.actorName, vaultId: session.vaultId },
    devices: [...devices].sort(([a], [b]) => (a < b ? -1 : 1)).map(([device, publicKey]) => ({ device, publicKey })),
    cases: caseFiles.map((c) => ({ caseId: c.caseId, title: c.title, events: c.events, path: casePath(c.caseId) })),
    parts,
    since: null,
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
    const emit = (bytes: Buffer): void => out.push(bytes, () => encryptor.recycle(bytes));
    const tar = createTarWriter((bytes) => {
      const sealing = encryptor.write(bytes, emit);
      return sealing ? sealing.then(() => out.ready()) : out.ready();
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
    await encryptor.end(emit);
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
  const bytes = (await stat(target)).size;
  return { path: target, bytes, cases: caseFiles.length, events: eventCount, blobs: blobList.length, blobBytes, recipients: request.passphrase !== undefined ? [] : [...request.recipients], passphrase: request.passphrase !== undefined };
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

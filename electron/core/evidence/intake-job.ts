/**
 * `evidence.attach`: checks the request (the item exists, the path is an
 * absolute path to a regular, readable file) before anything is written,
 * then runs the intake as a job. Success writes `evidence.file.attached`;
 * once the intake has begun, a failure or a cancel writes
 * `evidence.intake.stopped` saying what happened, and nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { IntakeResult } from '../../../shared/api/evidence-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { foldEvidence, type EvidenceItemState } from '../../../shared/evidence/evidence-fold';
import { JobCancelled, type JobRunner, type JobSnapshot } from '../jobs/job-runner';
import type { VaultSession } from '../vault/session';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { IntakeError, intakeBlob, type IntakeOutput } from './blob-intake';
import { blobStoreFor } from './blob-store';
import { localNow } from './local-time';

export type AttachRequest = { caseId: string; itemId: string; path: string; sha1?: boolean | undefined; md5?: boolean | undefined; name?: string | undefined; mediaType?: string | undefined };

export async function findItem(session: VaultSession, caseId: string, itemId: string): Promise<EvidenceItemState> {
  const item = foldEvidence(await session.caseEvents(caseId)).items.find((i) => i.id === itemId);
  if (!item) throw new ApiFailure('not_found', `No evidence item ${itemId} in this case`);
  return item;
}

export function absolute(file: string): string {
  if (!path.isAbsolute(file)) throw new ApiFailure('bad_request', `Give the full path of the file, not ${file}`);
  return path.resolve(file);
}

async function openSource(file: string): Promise<FileHandle> {
  const info = await stat(file).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') throw new ApiFailure('not_found', `There is no file at ${file}`);
    throw ioFailure(error, 'read', file);
  });
  if (info.isDirectory()) throw new ApiFailure('bad_request', `${file} is a folder; attach the files in it one by one, or an archive of it`);
  if (!info.isFile()) throw new ApiFailure('bad_request', `${file} is not a regular file (a device, pipe or socket); attach a regular file, e.g. an image made of the device`);
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw ioFailure(error, 'read', file);
  });
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    throw new ApiFailure('bad_request', `${file} is not a regular file`);
  }
  return handle;
}

export async function startIntake(session: VaultSession, jobs: JobRunner, request: AttachRequest): Promise<JobSnapshot> {
  const { caseId, itemId } = request;
  const item = await findItem(session, caseId, itemId);
  if (item.retracted) throw new ApiFailure('bad_request', `Evidence item ${itemId.slice(0, 8)} was retracted; register a new item instead`);
  const file = absolute(request.path);
  const store = blobStoreFor(session);
  await store.prepare();
  const source = await openSource(file);
  const before = await source.stat();
  const name = request.name ?? path.basename(file);
  return jobs.start({ kind: 'evidence.intake', caseId, label: `Attaching ${name}`, total: before.size }, async (job) => {
    let stored: IntakeOutput;
    const hold: { name: string | null } = { name: null };
    try {
      job.progress({ phase: 'reading', total: before.size });
      stored = await intakeBlob({
        blobsDir: store.dir,
        source,
        sourcePath: file,
        before,
        keys: store.keys,
        sha1: request.sha1 === true,
        md5: request.md5 === true,
        signal: job.signal,
        onProgress: (done, total, phase) => job.progress({ done, total, phase }),
        beforeStore: async (blob) => {
          await store.hold(blob);
          hold.name = blob;
        },
      });
    } catch (error) {
      if (hold.name) store.release(hold.name);
      await recordStop(session, request, name, file, before.size, error);
      throw translate(error, session.dir);
    } finally {
      await source.close().catch(() => undefined);
    }
    job.progress({ phase: 'recording' });
    // The stored file as the event records it and the caller is told of it.
    const attached = {
      itemId,
      fileId: randomUUID(),
      name,
      size: stored.size,
      sha256: stored.sha256,
      ...(stored.sha1 ? { sha1: stored.sha1 } : {}),
      ...(stored.md5 ? { md5: stored.md5 } : {}),
      blob: stored.name,
    };
    try {
      await session.append(caseId, 'evidence.file.attached', {
        ...attached,
        ...(request.mediaType ? { mediaType: request.mediaType } : {}),
        path: file,
        at: localNow(),
      });
    } catch (error) {
      if (stored.created) await store.discard(stored.name);
      else store.release(stored.name);
      throw error;
    }
    store.release(stored.name);
    const result: IntakeResult = { ...attached, deduplicated: !stored.created, item: await findItem(session, caseId, itemId) };
    return result;
  });
}

/** Writes `evidence.intake.stopped` for an intake that began; a locked vault or a failing journal cannot, and is let be. */
async function recordStop(session: VaultSession, request: AttachRequest, name: string, file: string, size: number, error: unknown): Promise<void> {
  if (!(error instanceof IntakeError)) return;
  await session
    .append(request.caseId, 'evidence.intake.stopped', {
      itemId: request.itemId,
      name,
      path: file,
      at: localNow(),
      reason: error.reason,
      detail: error.message.slice(0, 2000),
      bytesRead: error.bytesRead,
      size,
    })
    .catch(() => undefined);
}

function translate(error: unknown, vaultDir: string): unknown {
  if (!(error instanceof IntakeError)) return error;
  switch (error.reason) {
    case 'cancelled':
      return new JobCancelled();
    case 'changed':
      return new ApiFailure('io', `${error.message}. Nothing was stored. Make sure nothing is writing to it (or copy it first) and attach it again.`);
    case 'disk-full':
      return new ApiFailure('io', `${error.message}. Free some space on the disk holding ${vaultDir} and attach the file again.`);
    case 'unreadable':
    case 'failed':
      return new ApiFailure('io', `${error.message}. Nothing was stored.`);
  }
}

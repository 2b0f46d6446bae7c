/**
 * `evidence.export` as a job: decrypts a stored file to a temporary file
 * beside the destination, hashing on the way; only when the SHA-256 matches
 * the digest recorded at intake is it synced, renamed into place (the
 * folder synced too) and `evidence.exported` written. Otherwise the partial
 * output is removed and the failure recorded as an `evidence.verified`
 * event; a cancelled export leaves nothing and records nothing (nothing
 * left the vault). An existing file is never overwritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ExportResult } from '../../../shared/api/evidence-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import type { EvidenceFileState } from '../../../shared/evidence/evidence-fold';
import type { VerificationResult } from '../../../shared/evidence/evidence-payloads';
import { syncDir } from '../fs/atomic-write';
import type { JobRunner, JobSnapshot } from '../jobs/job-runner';
import type { VaultSession } from '../vault/session';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { BlobProblem, readBlob } from './blob-reader';
import { blobStoreFor } from './blob-store';
import { absolute, findItem } from './intake-job';
import { localNow } from './local-time';
import { localBlobName } from './verify-job';
import { refuseWhileReplacingKey } from '../vault/store/read-only-keys';

export type ExportRequest = { caseId: string; itemId: string; fileId: string; path: string };

function safeFileName(name: string): string {
  let cleaned = '';
  for (const c of name) cleaned += c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c;
  cleaned = cleaned.replace(/^\.+/, '_').trim();
  return cleaned === '' ? 'evidence' : cleaned.slice(0, 200);
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/** The file to write: the path itself, or the stored name inside it when it is a folder. Never an existing file. */
async function destination(requested: string, file: EvidenceFileState): Promise<string> {
  const given = absolute(requested);
  const info = await stat(given).catch((error: unknown) => (errnoCode(error) === 'ENOENT' ? null : Promise.reject(ioFailure(error, 'look at', given))));
  if (info && !info.isDirectory()) throw new ApiFailure('bad_request', `${given} already exists; choose another name (Outpost never overwrites a file)`);
  const target = info ? path.join(given, safeFileName(file.name)) : given;
  if (info && (await exists(target))) throw new ApiFailure('bad_request', `${target} already exists; choose another name or folder (Outpost never overwrites a file)`);
  const parent = await stat(path.dirname(target)).catch(() => null);
  if (!parent?.isDirectory()) throw new ApiFailure('not_found', `The folder ${path.dirname(target)} does not exist`);
  return target;
}

export async function startExport(session: VaultSession, jobs: JobRunner, request: ExportRequest): Promise<JobSnapshot> {
  refuseWhileReplacingKey(session.storage.key, 'export evidence');
  const { caseId, itemId, fileId } = request;
  const file = (await findItem(session, caseId, itemId)).files.find((f) => f.fileId === fileId);
  if (!file) throw new ApiFailure('not_found', `No file ${fileId} in evidence item ${itemId}`);
  const target = await destination(request.path, file);
  const store = blobStoreFor(session);
  const recordFailure = async (result: VerificationResult, detail: string): Promise<ApiFailure> => {
    const message = `Export of ${file.name} stopped: ${detail}. Nothing was written to ${target}.`;
    await session
      .append(caseId, 'evidence.verified', { itemId, fileId, at: localNow(), result, detail: `While exporting to ${target}: ${detail}`.slice(0, 2000) })
      .catch(() => undefined);
    return new ApiFailure('damaged', message);
  };

  return jobs.start({ kind: 'evidence.export', caseId, label: `Exporting ${file.name}`, total: file.size }, async (job) => {
    job.progress({ phase: 'writing', total: file.size });
    const name = localBlobName(store, file);
    const temp = path.join(path.dirname(target), `.${path.basename(target).slice(0, 100)}.${randomBytes(6).toString('hex')}.partial`);
    let out: FileHandle | null = null;
    let sha256: string;
    try {
      const handle: FileHandle = await open(temp, 'wx', 0o600).catch((error: unknown) => {
        throw ioFailure(error, 'write', temp);
      });
      out = handle;
      const hash = createHash('sha256');
      let position = 0;
      await readBlob({
        file: store.pathOf(name),
        name,
        keys: store.keys,
        signal: job.signal,
        onData: async (chunks) => {
          for (const c of chunks) hash.update(c);
          const { bytesWritten } = await handle.writev(chunks, position).catch((error: unknown) => Promise.reject(ioFailure(error, 'write', target)));
          position += bytesWritten;
          job.progress({ done: position });
        },
      });
      sha256 = hash.digest('hex');
      if (sha256 !== file.sha256) throw new BlobProblem('damaged', `the content read back has SHA-256 ${sha256}, but ${file.sha256} was recorded at intake`);
      await handle.sync();
      await handle.close();
      out = null;
      job.throwIfCancelled();
      if (await exists(target)) throw new ApiFailure('bad_request', `${target} appeared while exporting; nothing was overwritten`);
      await rename(temp, target).catch((error: unknown) => Promise.reject(ioFailure(error, 'write', target)));
      await syncDir(path.dirname(target)).catch(() => undefined);
    } catch (error) {
      await out?.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      job.throwIfCancelled();
      if (error instanceof BlobProblem) throw await recordFailure(error.result, error.message);
      throw error;
    }
    job.progress({ phase: 'recording' });
    await session.append(caseId, 'evidence.exported', { itemId, fileId, at: localNow(), by: session.actorName, to: target, sha256 });
    const result: ExportResult = { itemId, fileId, path: target, size: file.size, sha256 };
    return result;
  });
}

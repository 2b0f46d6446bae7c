/**
 * `evidence.verify` as a job: re-reads and decrypts stored blobs, recomputes SHA-256 and compares
 * it with the digest recorded at intake; each file checked gets an
 * `evidence.verified` event (ok, mismatch, damaged, missing, unreadable).
 * A failure is recorded and reported, never repaired. A blob shared by
 * several files (identical content) is read once.
 */
import { createHash } from 'node:crypto';
import type { VerifyFileResult, VerifyResult } from '../../../shared/api/evidence-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { foldEvidence, type EvidenceFileState } from '../../../shared/evidence/evidence-fold';
import type { VerificationResult } from '../../../shared/evidence/evidence-payloads';
import { JobFailedWithResult, type JobContext, type JobRunner, type JobSnapshot } from '../jobs/job-runner';
import type { VaultSession } from '../vault/session';
import { blobName } from './blob-format';
import { BlobProblem, readBlob } from './blob-reader';
import { blobStoreFor, type BlobStore } from './blob-store';
import { findItem } from './intake-job';
import { localNow } from './local-time';
import { refuseWhileReplacingKey } from '../vault/store/read-only-keys';

/**
 * Where this vault stores a file's content. Blob names are keyed per vault,
 * so the name recorded in the event is the one of the vault that took the
 * file in; a file that arrived in a bundle is stored here under this vault's
 * name for the same digest. The content is still checked against the digest.
 */
export function localBlobName(store: BlobStore, file: EvidenceFileState): string {
  const { key, vaultId } = store.keys();
  return blobName(key, vaultId, Buffer.from(file.sha256, 'hex'));
}

export type Check = { result: VerificationResult; detail: string; sha256?: string };

/** Decrypts and hashes one blob; the outcome as a verification result. */
export async function checkBlob(store: BlobStore, file: EvidenceFileState, job: JobContext, onBytes: (n: number) => void): Promise<Check> {
  const name = localBlobName(store, file);
  const hash = createHash('sha256');
  try {
    await readBlob({ file: store.pathOf(name), name, keys: store.keys, signal: job.signal, onData: (chunks) => chunks.forEach((c) => (hash.update(c), onBytes(c.length))) });
  } catch (error) {
    job.throwIfCancelled();
    if (error instanceof BlobProblem) return { result: error.result, detail: error.message };
    throw error;
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== file.sha256) return { result: 'mismatch', detail: `SHA-256 is ${sha256}, but ${file.sha256} was recorded at intake`, sha256 };
  return { result: 'ok', detail: '', sha256 };
}

export async function startVerify(session: VaultSession, jobs: JobRunner, request: { caseId: string; itemId?: string | undefined; fileId?: string | undefined }): Promise<JobSnapshot> {
  refuseWhileReplacingKey(session.storage.key, 'verify evidence');
  const { caseId } = request;
  let files: EvidenceFileState[];
  if (request.itemId) {
    const item = await findItem(session, caseId, request.itemId);
    files = request.fileId ? item.files.filter((f) => f.fileId === request.fileId) : item.files;
    if (request.fileId && files.length === 0) throw new ApiFailure('not_found', `No file ${request.fileId} in evidence item ${request.itemId}`);
  } else {
    if (request.fileId) throw new ApiFailure('bad_request', 'Give the item of the file too (itemId)');
    files = foldEvidence(await session.caseEvents(caseId)).items.flatMap((i) => i.files);
  }
  const groups = new Map<string, EvidenceFileState[]>();
  for (const f of files) groups.set(`${f.blob} ${f.sha256}`, [...(groups.get(`${f.blob} ${f.sha256}`) ?? []), f]);
  const total = [...groups.values()].reduce((sum, g) => sum + (g[0]?.size ?? 0), 0);
  const store = blobStoreFor(session);
  const label = files.length === 1 && files[0] ? `Verifying ${files[0].name}` : `Verifying ${files.length} files`;
  return jobs.start({ kind: 'evidence.verify', caseId, label, total }, async (job) => {
    job.progress({ phase: 'verifying', total });
    let done = 0;
    const results: VerifyFileResult[] = [];
    for (const group of groups.values()) {
      job.throwIfCancelled();
      const first = group[0];
      if (!first) continue;
      const check = await checkBlob(store, first, job, (n) => job.progress({ done: (done += n) }));
      for (const f of group) {
        await session.append(caseId, 'evidence.verified', {
          itemId: f.itemId,
          fileId: f.fileId,
          at: localNow(),
          result: check.result,
          detail: check.detail.slice(0, 2000),
          ...(check.sha256 ? { sha256: check.sha256 } : {}),
        });
        results.push({ itemId: f.itemId, fileId: f.fileId, name: f.name, size: f.size, result: check.result, detail: check.detail });
      }
    }
    const ok = results.filter((r) => r.result === 'ok').length;
    const result: VerifyResult = { checked: results.length, ok, failed: results.length - ok, files: results };
    if (result.failed > 0) {
      const list = results.filter((r) => r.result !== 'ok').map((r) => `${r.name} (${r.result})`);
      const shown = list.length > 5 ? `${list.slice(0, 5).join(', ')} and ${list.length - 5} more` : list.join(', ');
      throw new JobFailedWithResult(new ApiFailure('damaged', `VERIFICATION FAILED for ${result.failed} of ${result.checked} file(s): ${shown}. This was recorded in the case; nothing was changed.`), result);
    }
    return result;
  });
}

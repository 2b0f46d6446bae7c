/**
 * Re-encrypts one evidence blob (../../evidence/blob-format.ts) from the
 * retiring data key to the new one. A blob's name is keyed by the data key
 * and its last chunk binds that name, so the blob gets a new name too:
 *
 * 1. if the blob's first chunks open under the new key, it is done already;
 * 2. otherwise it is read whole under the retiring key, which checks every
 *    chunk, and its SHA-256 must give back its name (so it is the content
 *    the events recorded);
 * 3. it is written again under the new key and name through the intake's
 *    own writer (temporary file, fsync), renamed into place, the folder
 *    fsynced, and only then is the old file removed (and the folder fsynced).
 *
 * A crash between 3's rename and removal leaves both files; the next run
 * finds the old one still under the retiring key and does step 2–3 again,
 * which writes the same name: nothing is lost or duplicated for long.
 */
import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from '../../../../shared/api/errors';
import { stageBlob } from '../../bundles/stage-blob';
import { blobName } from '../../evidence/blob-format';
import { BlobProblem, readBlob } from '../../evidence/blob-reader';
import { syncDir } from '../../fs/atomic-write';
import { ioFailure } from '../store/io-error';
import { blobPlaintext } from './blob-plaintext';
import type { RekeyKeys, RekeyOutcome } from './rekey-files';

export type BlobRekeyInput = { file: string; vaultId: string; keys: RekeyKeys; signal?: AbortSignal; onBytes?: (n: number) => void };

class SeenEnough extends Error {}

export async function rekeyBlob(input: BlobRekeyInput): Promise<RekeyOutcome> {
  const { file, vaultId, keys } = input;
  const name = path.basename(file);
  const dir = path.dirname(file);
  const signal = input.signal ?? new AbortController().signal;
  if (await opensUnder(file, name, keys.to, vaultId)) return 'already';

  // Read once to check it whole and learn its digest: the new name depends on it.
  const hash = createHash('sha256');
  let size: number;
  try {
    size = await readBlob({ file, name, keys: () => ({ key: Buffer.from(keys.from), vaultId }), signal, onData: (chunks) => chunks.forEach((c) => hash.update(c)) });
  } catch (error) {
    if (error instanceof BlobProblem && error.result === 'missing') return 'absent';
    throw asFailure(error);
  }
  const sha256 = hash.digest();
  if (blobName(keys.from, vaultId, sha256) !== name) {
    throw new ApiFailure('damaged', `${file} is damaged: its content does not match its name`);
  }

  const content = blobPlaintext({ file, name, keys: () => ({ key: Buffer.from(keys.from), vaultId }), signal, onProgress: progressOf(input.onBytes) });
  let staged;
  try {
    ({ staged } = await stageBlob(content, size, sha256.toString('hex'), { dir, keys: () => ({ key: Buffer.from(keys.to), vaultId }) }));
  } catch (error) {
    throw asFailure(error);
  }
  if (!staged) throw new ApiFailure('damaged', `${file} changed while it was re-encrypted`);
  const target = path.join(dir, staged.name);
  try {
    await rename(staged.temp, target);
    await syncDir(dir);
    await rm(file, { force: true });
    await syncDir(dir);
  } catch (error) {
    await rm(staged.temp, { force: true }).catch(() => undefined);
    throw ioFailure(error, 'replace', file);
  }
  return 'rekeyed';
}

/** Whether the blob's first batch of chunks authenticates under `key`: enough to tell which key sealed it. */
async function opensUnder(file: string, name: string, key: Uint8Array, vaultId: string): Promise<boolean> {
  try {
    await readBlob({
      file,
      name,
      keys: () => ({ key: Buffer.from(key), vaultId }),
      onData: () => {
        throw new SeenEnough();
      },
    });
    return true;
  } catch (error) {
    if (error instanceof SeenEnough) return true;
    if (error instanceof BlobProblem && error.result === 'damaged') return false;
    if (error instanceof BlobProblem && error.result === 'missing') return false;
    throw asFailure(error);
  }
}

function progressOf(onBytes: ((n: number) => void) | undefined): (done: number) => void {
  let reported = 0;
  return (done) => {
    onBytes?.(done - reported);
    reported = done;
  };
}

function asFailure(error: unknown): unknown {
  if (error instanceof BlobProblem) return new ApiFailure(error.result === 'damaged' ? 'damaged' : 'io', error.message);
  return error;
}

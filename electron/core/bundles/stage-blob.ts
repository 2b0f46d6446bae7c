/**
 * Stores an incoming evidence file (a bundle's `blobs/<sha256>` entry) as a
 * temporary encrypted blob of the vault's blob store (format:
 * ../evidence/blob-format.ts), hashing it on the way. The size and the
 * expected SHA-256 come from the signed manifest, so the blob's keyed name
 * (and with it the last chunk's associated data) is known before the first
 * byte; the content is accepted only if its digest then matches. The caller
 * renames the staged file into place after the whole bundle verified, or
 * removes it. Big files are hashed, sealed and written on the staging
 * worker (./stage-worker-client.ts), beside the caller's decryption.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { blobKey, blobName, chunkCount, CHUNK_BYTES, encodeHeader, finalAad, SALT_BYTES, streamAad } from '../evidence/blob-format';
import type { VaultKeys } from '../evidence/blob-intake';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { BlobSealer, type SealPlan } from './blob-sealer';
import { stagingWorker } from './stage-worker-client';

export type StagedBlob = { name: string; temp: string; size: number; sha256: string };

/** Smaller files are staged on the caller's thread: handing them over costs more than it saves. */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;

type Sealer = Pick<BlobSealer, 'write' | 'finish'> & { discard: () => Promise<void> };

/** Hashes `content` (exactly `size` bytes) and returns its SHA-256; when `stage` is given, also writes it encrypted to a temporary file there. */
export async function stageBlob(content: AsyncIterable<Buffer>, size: number, expectedSha256: string, stage: { dir: string; keys: VaultKeys } | null): Promise<{ sha256: string; staged: StagedBlob | null }> {
  if (!stage) {
    const hash = createHash('sha256');
    for await (const chunk of content) hash.update(chunk);
    return { sha256: hash.digest('hex'), staged: null };
  }
  const { key: dataKey, vaultId } = stage.keys();
  const name = blobName(dataKey, vaultId, Buffer.from(expectedSha256, 'hex'));
  const salt = randomBytes(SALT_BYTES);
  const header = encodeHeader({ chunkSize: CHUNK_BYTES, size, salt });
  const temp = path.join(stage.dir, `.intake-bundle-${randomBytes(8).toString('hex')}.tmp`);
  const plan: SealPlan = {
    temp,
    header,
    key: blobKey(dataKey, salt, vaultId),
    aad: streamAad(vaultId, header),
    lastAad: finalAad(vaultId, name, header),
    chunkBytes: CHUNK_BYTES,
    total: chunkCount(size, CHUNK_BYTES),
  };
  const worker = size >= WORKER_FROM_BYTES ? stagingWorker() : null;
  let sealer: Sealer | null = null;
  try {
    if (worker) {
      const stream = worker.open(plan);
      sealer = { write: (c) => stream.write(c), finish: () => stream.finish(), discard: () => stream.abort() };
    } else {
      sealer = await BlobSealer.create(plan);
    }
    for await (const chunk of content) {
      const wait = sealer.write(chunk);
      if (wait) await wait;
    }
    const done = sealer;
    sealer = null;
    const sha256 = await done.finish();
    if (sha256 !== expectedSha256) {
      await rm(temp, { force: true });
      return { sha256, staged: null };
    }
    return { sha256, staged: { name, temp, size, sha256 } };
  } catch (error) {
    await sealer?.discard();
    // A full disk or a read-only folder is said in words, naming the folder, never as a raw stack trace.
    throw errnoCode(error) === undefined ? error : ioFailure(error, `store the bundle's evidence file blobs/${expectedSha256} in`, stage.dir);
  } finally {
    plan.key.fill(0);
  }
}

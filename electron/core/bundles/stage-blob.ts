/**
 * Stores an incoming evidence file (a bundle's `blobs/<sha256>` entry) as a
 * temporary encrypted blob of the vault's blob store (format:
 * ../evidence/blob-format.ts), hashing it on the way. The size and the
 * expected SHA-256 come from the signed manifest, so the blob's keyed name
 * (and with it the last chunk's associated data) is known before the first
 * byte; the content is accepted only if its digest then matches. The caller
 * renames the staged file into place after the whole bundle verified, or
 * removes it.
 *
 * The SHA-256 of a large file is computed on the hashing worker thread
 * (./hash-worker.ts), beside the decryption and sealing on this one; a small
 * file is hashed here, where the round trip would cost more than it saves.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ByteQueue } from '../age/byte-queue';
import { blobKey, blobName, chunkCount, chunkNonce, CHUNK_BYTES, encodeHeader, finalAad, SALT_BYTES, streamAad, TAG_BYTES } from '../evidence/blob-format';
import type { VaultKeys } from '../evidence/blob-intake';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { FileWriter } from './file-writer';
import { workerHash, type StreamHash } from './hash-worker';

export type StagedBlob = { name: string; temp: string; size: number; sha256: string };

/** From this size on, the digest is computed on the worker thread. */
export const WORKER_HASH_AFTER_BYTES = 4 * 1024 * 1024;

/** 'auto' (default): the worker for files of WORKER_HASH_AFTER_BYTES or more; true or false (tests) forces the choice. */
export type StageOptions = { workerHash?: boolean | 'auto' };

/** Hashes `content` (exactly `size` bytes) and returns its SHA-256; when `stage` is given, also writes it encrypted to a temporary file there. */
export async function stageBlob(content: AsyncIterable<Buffer>, size: number, expectedSha256: string, stage: { dir: string; keys: VaultKeys } | null, options: StageOptions = {}): Promise<{ sha256: string; staged: StagedBlob | null }> {
  const onWorker = options.workerHash === undefined || options.workerHash === 'auto' ? size >= WORKER_HASH_AFTER_BYTES : options.workerHash;
  const hash = onWorker ? await workerHash() : inlineHash();
  try {
    return await hashAndStage(content, size, expectedSha256, stage, hash);
  } finally {
    // After a digest this does nothing; after a failure it frees the worker for the next file.
    hash.abort();
  }
}

function inlineHash(): StreamHash {
  const hash = createHash('sha256');
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => Promise.resolve(hash.digest('hex')),
    abort: () => undefined,
  };
}

async function hashAndStage(content: AsyncIterable<Buffer>, size: number, expectedSha256: string, stage: { dir: string; keys: VaultKeys } | null, hash: StreamHash): Promise<{ sha256: string; staged: StagedBlob | null }> {
  if (!stage) {
    for await (const chunk of content) {
      const wait = hash.update(chunk);
      if (wait) await wait;
    }
    return { sha256: await hash.digest(), staged: null };
  }
  const { key: dataKey, vaultId } = stage.keys();
  const name = blobName(dataKey, vaultId, Buffer.from(expectedSha256, 'hex'));
  const salt = randomBytes(SALT_BYTES);
  const header = encodeHeader({ chunkSize: CHUNK_BYTES, size, salt });
  const key = blobKey(dataKey, salt, vaultId);
  const aad = streamAad(vaultId, header);
  const lastAad = finalAad(vaultId, name, header);
  const total = chunkCount(size, CHUNK_BYTES);
  const temp = path.join(stage.dir, `.intake-bundle-${randomBytes(8).toString('hex')}.tmp`);
  let out: FileWriter | null = null;
  try {
    out = await FileWriter.create(temp);
    const file = out;
    file.push(header);
    let counter = 0;
    // A chunk may span two pieces of the content: its pieces go through the cipher one after the other, uncopied.
    const seal = (plain: readonly Buffer[], last: boolean): void => {
      const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(counter, last), { authTagLength: TAG_BYTES });
      cipher.setAAD(last ? lastAad : aad);
      for (const piece of plain) file.push(cipher.update(piece));
      cipher.final();
      file.push(cipher.getAuthTag());
      counter++;
    };
    const pending = new ByteQueue();
    for await (const chunk of content) {
      const hashed = hash.update(chunk);
      pending.push(chunk);
      // Keep the last chunk back: it is sealed with the final flag below.
      while (pending.length > CHUNK_BYTES && counter < total - 1) seal(pending.takeViews(CHUNK_BYTES), false);
      const wait = file.ready();
      if (wait) await wait;
      if (hashed) await hashed;
    }
    seal(pending.takeViews(pending.length), true);
    const [sha256] = await Promise.all([hash.digest(), file.close()]);
    out = null;
    if (sha256 !== expectedSha256) {
      await rm(temp, { force: true });
      return { sha256, staged: null };
    }
    return { sha256, staged: { name, temp, size, sha256 } };
  } catch (error) {
    await out?.discard();
    // A full disk or a read-only folder is said in words, naming the folder, never as a raw stack trace.
    throw errnoCode(error) === undefined ? error : ioFailure(error, `store the bundle's evidence file blobs/${expectedSha256} in`, stage.dir);
  } finally {
    key.fill(0);
  }
}

/**
 * Stores an incoming evidence file (a bundle's `blobs/<sha256>` entry) as a
 * temporary encrypted blob of the vault's blob store (format:
 * ../evidence/blob-format.ts), hashing it on the way. The size and the
 * expected SHA-256 come from the signed manifest, so the blob's keyed name
 * (and with it the last chunk's associated data) is known before the first
 * byte; the content is accepted only if its digest then matches. The caller
 * renames the staged file into place after the whole bundle verified, or
 * removes it.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ByteQueue } from '../age/byte-queue';
import { blobKey, blobName, chunkCount, chunkNonce, CHUNK_BYTES, encodeHeader, finalAad, SALT_BYTES, streamAad, TAG_BYTES } from '../evidence/blob-format';
import type { VaultKeys } from '../evidence/blob-intake';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { FileWriter } from './file-writer';

export type StagedBlob = { name: string; temp: string; size: number; sha256: string };

/** Hashes `content` (exactly `size` bytes) and returns its SHA-256; when `stage` is given, also writes it encrypted to a temporary file there. */
export async function stageBlob(content: AsyncIterable<Buffer>, size: number, expectedSha256: string, stage: { dir: string; keys: VaultKeys } | null): Promise<{ sha256: string; staged: StagedBlob | null }> {
  const hash = createHash('sha256');
  if (!stage) {
    for await (const chunk of content) hash.update(chunk);
    return { sha256: hash.digest('hex'), staged: null };
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
      hash.update(chunk);
      pending.push(chunk);
      // Keep the last chunk back: it is sealed with the final flag below.
      while (pending.length > CHUNK_BYTES && counter < total - 1) seal(pending.takeViews(CHUNK_BYTES), false);
      const wait = file.ready();
      if (wait) await wait;
    }
    seal(pending.takeViews(pending.length), true);
    await file.close();
    out = null;
    const sha256 = hash.digest('hex');
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

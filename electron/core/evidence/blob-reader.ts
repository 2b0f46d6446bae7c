/**
 * Streamed reading of an evidence blob (./blob-format.ts): checks the header
 * and the file's length, then decrypts chunk by chunk, reading the next
 * batch while the current one is decrypted. A chunk's plaintext is handed
 * on only after its tag verified. Any problem is a BlobProblem saying what
 * the verification result is: `missing`, `unreadable` or `damaged`.
 */
import { createDecipheriv } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { VerificationResult } from '../../../shared/evidence/evidence-payloads';
import { errnoCode } from '../vault/store/io-error';
import { blobKey, BlobHeaderError, chunkCount, chunkNonce, decodeHeader, encryptedSize, finalAad, HEADER_BYTES, streamAad, TAG_BYTES } from './blob-format';
import { inFlight, type VaultKeys } from './blob-intake';

export class BlobProblem extends Error {
  override readonly name = 'BlobProblem';
  constructor(
    readonly result: Exclude<VerificationResult, 'ok' | 'mismatch'>,
    message: string,
  ) {
    super(message);
  }
}

export class BlobReadCancelled extends Error {
  override readonly name = 'BlobReadCancelled';
}

export type ReadBlobInput = {
  file: string;
  name: string;
  keys: VaultKeys;
  signal?: AbortSignal;
  /** Receives the plaintext, in order, a batch of chunks at a time; awaited (backpressure). */
  onData: (chunks: Buffer[]) => void | Promise<void>;
  onProgress?: (done: number, total: number) => void;
};

const BATCH_CHUNKS = 16;

async function readFull(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** Decrypts the whole blob through `onData`; returns the plaintext size. */
export async function readBlob(input: ReadBlobInput): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await open(input.file, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new BlobProblem('missing', `The stored file ${input.file} is missing`);
    throw new BlobProblem('unreadable', `Could not open ${input.file}: ${errnoCode(error) ?? String(error)}`);
  }
  let reading: Promise<number> | null = null;
  let key: Buffer | null = null;
  const unreadable = (error: unknown) => new BlobProblem('unreadable', `Could not read ${input.file}: ${errnoCode(error) ?? String(error)}`);
  try {
    const headerBytes = Buffer.alloc(HEADER_BYTES);
    const got = await readFull(handle, headerBytes, HEADER_BYTES, 0).catch((error: unknown) => {
      throw unreadable(error);
    });
    let header;
    try {
      header = decodeHeader(headerBytes.subarray(0, got));
    } catch (error) {
      if (error instanceof BlobHeaderError) throw new BlobProblem('damaged', `${input.file} is damaged: ${error.message}`);
      throw error;
    }
    const actual = (await handle.stat()).size;
    const expected = encryptedSize(header.size, header.chunkSize);
    if (actual !== expected) {
      throw new BlobProblem('damaged', `${input.file} is damaged: it is ${actual} bytes long, but its header says ${expected} (${actual < expected ? 'cut off' : 'extended'})`);
    }
    const { key: dataKey, vaultId } = input.keys();
    key = blobKey(dataKey, header.salt, vaultId);
    const aad = streamAad(vaultId, headerBytes);
    const lastAad = finalAad(vaultId, input.name, headerBytes);
    const chunks = chunkCount(header.size, header.chunkSize);
    const sealedChunk = header.chunkSize + TAG_BYTES;
    const batchBytes = BATCH_CHUNKS * sealedChunk;
    const buffers = [Buffer.allocUnsafe(batchBytes), Buffer.allocUnsafe(batchBytes)];
    let position = HEADER_BYTES;
    let counter = 0;
    let done = 0;
    let turn = 0;
    const readAt = (buffer: Buffer, at: number) =>
      inFlight(
        readFull(handle, buffer, Math.min(batchBytes, expected - at), at).catch((error: unknown) => {
          throw unreadable(error);
        }),
      );
    reading = readAt(buffers[0] as Buffer, position);
    while (reading) {
      const buffer = buffers[turn % 2] as Buffer;
      const n = await reading;
      const wanted = Math.min(batchBytes, expected - position);
      if (n < wanted) throw new BlobProblem('damaged', `${input.file} became shorter while it was read`);
      position += n;
      turn++;
      reading = position < expected ? readAt(buffers[turn % 2] as Buffer, position) : null;
      if (input.signal?.aborted) throw new BlobReadCancelled('Cancelled');
      input.keys();
      const plain: Buffer[] = [];
      for (let at = 0; at < n; ) {
        const last = counter === chunks - 1;
        const length = last ? n - at : Math.min(sealedChunk, n - at);
        const sealed = buffer.subarray(at, at + length);
        const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(counter, last), { authTagLength: TAG_BYTES });
        decipher.setAAD(last ? lastAad : aad);
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
        try {
          decipher.final();
        } catch {
          const where = chunks === 1 ? 'its content' : `chunk ${counter + 1} of ${chunks}`;
          throw new BlobProblem('damaged', `${input.file} is damaged or was altered: ${where} does not authenticate${last ? ' (or the file was renamed or copied from elsewhere)' : ''}`);
        }
        plain.push(body);
        done += body.length;
        counter++;
        at += length;
      }
      await input.onData(plain);
      input.onProgress?.(done, header.size);
    }
    return header.size;
  } finally {
    await reading?.catch(() => undefined);
    key?.fill(0);
    await handle.close().catch(() => undefined);
  }
}

/**
 * Evidence blob format (version 1), `blobs/<name>` in the vault:
 *
 *   header = "OPB1" ‖ u16 BE version (1) ‖ u16 BE flags (0)
 *            ‖ u32 BE chunk size (65536) ‖ u64 BE plaintext size ‖ salt (32)      (52 bytes)
 *   chunk  = AES-256-GCM ciphertext of chunk-size bytes (the last one: the rest,
 *            empty only for an empty file) ‖ tag (16)
 *
 * - key    = HKDF-SHA-256(data key, salt, "outpost/v1|blob-key|<vaultId>", 32): one key per blob.
 * - nonce  = 11-byte BE chunk counter from 0 ‖ 1 byte: 0x01 on the last chunk, else 0x00
 *            (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár, as age uses it).
 * - AAD    = "outpost/v1|<vaultId>|blob|stream" ‖ header for every chunk but the last;
 *            "outpost/v1|<vaultId>|blob|<name>" ‖ header for the last.
 * - name   = hex HMAC-SHA-256(name key, "outpost/v1|blob-name|" ‖ SHA-256(content)),
 *            name key = HKDF-SHA-256(data key, "", "outpost/v1|blob-name-key|<vaultId>", 32).
 *
 * Identical content gets the same name, so it is stored once; the name is
 * keyed, so holding the folder does not tell whether it contains a known
 * file. Reordered or dropped chunks fail (the counter is in the nonce), a
 * cut-off file fails (the last-chunk flag and the size in the header), a
 * blob renamed or copied to another name or vault fails (the last chunk's
 * AAD), and the header cannot be edited (it is in every chunk's AAD).
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { aadFor } from '../vault/store/aead';

export const BLOBS_DIR = 'blobs';
export const BLOB_MAGIC = 'OPB1';
export const BLOB_VERSION = 1;
export const HEADER_BYTES = 52;
export const CHUNK_BYTES = 64 * 1024;
export const TAG_BYTES = 16;
export const SALT_BYTES = 32;
/** Larger chunk sizes in a header are refused: a reader would need that much memory. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export type BlobHeader = { version: number; flags: number; chunkSize: number; size: number; salt: Buffer };

export class BlobHeaderError extends Error {
  override readonly name = 'BlobHeaderError';
}

export function encodeHeader(header: Omit<BlobHeader, 'version' | 'flags'>): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.write(BLOB_MAGIC, 0, 'ascii');
  out.writeUInt16BE(BLOB_VERSION, 4);
  out.writeUInt16BE(0, 6);
  out.writeUInt32BE(header.chunkSize, 8);
  out.writeBigUInt64BE(BigInt(header.size), 12);
  header.salt.copy(out, 20);
  return out;
}

export function decodeHeader(bytes: Buffer): BlobHeader {
  if (bytes.length < HEADER_BYTES) throw new BlobHeaderError('it is shorter than a blob header');
  if (bytes.toString('ascii', 0, 4) !== BLOB_MAGIC) throw new BlobHeaderError('it does not start like an evidence blob');
  const version = bytes.readUInt16BE(4);
  if (version !== BLOB_VERSION) throw new BlobHeaderError(`it has format version ${version}, which this Outpost does not know`);
  const chunkSize = bytes.readUInt32BE(8);
  if (chunkSize === 0 || chunkSize > MAX_CHUNK_BYTES) throw new BlobHeaderError(`its header names an impossible chunk size ${chunkSize}`);
  const size = bytes.readBigUInt64BE(12);
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new BlobHeaderError('its header names an impossible size');
  return { version, flags: bytes.readUInt16BE(6), chunkSize, size: Number(size), salt: Buffer.from(bytes.subarray(20, 20 + SALT_BYTES)) };
}

export function chunkCount(size: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(size / chunkSize));
}

export function encryptedSize(size: number, chunkSize: number): number {
  return HEADER_BYTES + size + chunkCount(size, chunkSize) * TAG_BYTES;
}

export function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(counter), 3);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export function blobKey(dataKey: Uint8Array, salt: Uint8Array, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, salt, `outpost/v1|blob-key|${vaultId}`, 32));
}

export function blobName(dataKey: Uint8Array, vaultId: string, sha256: Uint8Array): string {
  const nameKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `outpost/v1|blob-name-key|${vaultId}`, 32));
  try {
    return createHmac('sha256', nameKey).update('outpost/v1|blob-name|').update(sha256).digest('hex');
  } finally {
    nameKey.fill(0);
  }
}

export function streamAad(vaultId: string, header: Buffer): Buffer {
  return Buffer.concat([Buffer.from(aadFor(vaultId, 'blob', 'stream'), 'utf8'), header]);
}

export function finalAad(vaultId: string, name: string, header: Buffer): Buffer {
  return Buffer.concat([Buffer.from(aadFor(vaultId, 'blob', name), 'utf8'), header]);
}

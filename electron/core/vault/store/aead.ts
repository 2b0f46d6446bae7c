/**
 * AES-256-GCM sealing, the one AEAD every encrypted file of the vault uses.
 *
 *   sealed = nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)
 *
 * A random 96-bit nonce per message is safe for far more messages than one
 * data key will ever seal (NIST's 2^32 limit). The associated data names the
 * file's vault, role and id (and record number inside a journal), so a
 * ciphertext copied to another place, vault or position fails to open:
 *
 *   outpost/v1|<vaultId>|<role>|<id>[|<recordNo>]
 */
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

export type AadRole = 'key' | 'index' | 'journal' | 'device' | 'blob' | 'bundle' | 'playbook' | 'team' | 'draft';

/** Authentication failed: wrong key, wrong associated data, or altered bytes. */
export class AeadAuthError extends Error {
  constructor(message = 'Authentication failed') {
    super(message);
    this.name = 'AeadAuthError';
  }
}

export function aadFor(vaultId: string, role: AadRole, id: string, recordNo?: number): string {
  // A '|' inside a part would let two different tuples print the same string.
  for (const part of [vaultId, id]) {
    if (part.length === 0 || part.includes('|')) throw new Error(`Not usable in associated data: ${JSON.stringify(part)}`);
  }
  const base = `outpost/v1|${vaultId}|${role}|${id}`;
  if (recordNo === undefined) return base;
  if (!Number.isSafeInteger(recordNo) || recordNo < 0) throw new Error(`Not a record number: ${recordNo}`);
  return `${base}|${recordNo}`;
}

// Nonces are cut from a block of random bytes filled 512 at a time: one
// call into the CSPRNG per nonce cost about 6 µs, a tenth of sealing a
// journal record. Each nonce is copied out and its bytes never reused.
const noncePool = Buffer.alloc(NONCE_BYTES * 512);
let nonceAt = noncePool.length;

function freshNonce(): Buffer {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  const nonce = Buffer.from(noncePool.subarray(nonceAt, nonceAt + NONCE_BYTES));
  nonceAt += NONCE_BYTES;
  return nonce;
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string | Uint8Array): Buffer {
  checkKey(key);
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(toBytes(aad));
  const body = cipher.update(plaintext);
  const final = cipher.final();
  return Buffer.concat([nonce, body, final, cipher.getAuthTag()]);
}

/** The plaintext, or AeadAuthError when the bytes, key or associated data do not match. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string | Uint8Array): Buffer {
  checkKey(key);
  if (sealed.length < SEAL_OVERHEAD) throw new AeadAuthError('Sealed data is too short');
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(toBytes(aad));
  decipher.setAuthTag(tag);
  const body = decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES));
  try {
    // OpenSSL reports a bad tag only here, as an untyped "Unsupported state" error.
    return Buffer.concat([body, decipher.final()]);
  } catch {
    body.fill(0);
    throw new AeadAuthError();
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error(`An AES-256 key has ${KEY_BYTES} bytes, not ${key.length}`);
}

function toBytes(aad: string | Uint8Array): Uint8Array {
  return typeof aad === 'string' ? Buffer.from(aad, 'utf8') : aad;
}

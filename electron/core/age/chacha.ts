/**
 * ChaCha20-Poly1305 (RFC 8439) for age: the STREAM payload and the wrapping
 * of file keys in recipient stanzas.
 *
 * Node's OpenSSL has it, and it is the fast path. Electron's Node is built on
 * BoringSSL, whose cipher list may lack 'chacha20-poly1305'; there we fall
 * back to @noble/ciphers (audited, pure JS, several times slower). The choice
 * is made once, from `crypto.getCiphers()`, and `defaultBackend().name` says
 * which one is in use. Callers may pass a backend explicitly (tests run every
 * vector through both).
 */
import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export type ChaChaBackendName = 'node' | 'noble';

export type ChaChaBackend = {
  readonly name: ChaChaBackendName;
  /**
   * Ciphertext then the 16-byte tag, possibly as several buffers so nothing is
   * copied. The plaintext may come in pieces (a chunk that spans two of the
   * caller's buffers): they are sealed as one message, their concatenation.
   */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array | readonly Uint8Array[]): Buffer[];
  /** The plaintext, or null when the tag does not authenticate; never unauthenticated bytes. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null;
};

const NODE_CIPHER = 'chacha20-poly1305';

export const nodeBackend: ChaChaBackend = {
  name: 'node',
  seal(key, nonce, plaintext) {
    const cipher = createCipheriv(NODE_CIPHER, key, nonce, { authTagLength: TAG_BYTES });
    const out = plaintext instanceof Uint8Array ? [cipher.update(plaintext)] : plaintext.map((piece) => cipher.update(piece));
    cipher.final();
    out.push(cipher.getAuthTag());
    return out;
  },
  open(key, nonce, sealed) {
    if (sealed.byteLength < TAG_BYTES) return null;
    const end = sealed.byteLength - TAG_BYTES;
    const decipher = createDecipheriv(NODE_CIPHER, key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(end));
    const plaintext = decipher.update(sealed.subarray(0, end));
    try {
      decipher.final();
    } catch {
      // The bytes from update() are dropped unseen: they did not authenticate.
      return null;
    }
    return plaintext;
  },
};

export const nobleBackend: ChaChaBackend = {
  name: 'noble',
  seal(key, nonce, plaintext) {
    const whole = plaintext instanceof Uint8Array ? plaintext : Buffer.concat(plaintext);
    return [asBuffer(chacha20poly1305(key, nonce).encrypt(whole))];
  },
  open(key, nonce, sealed) {
    if (sealed.byteLength < TAG_BYTES) return null;
    try {
      return asBuffer(chacha20poly1305(key, nonce).decrypt(sealed));
    } catch {
      return null;
    }
  },
};

/** The backend for a runtime whose OpenSSL/BoringSSL offers `ciphers`. */
export function selectBackend(ciphers: readonly string[]): ChaChaBackend {
  return ciphers.includes(NODE_CIPHER) ? nodeBackend : nobleBackend;
}

let chosen: ChaChaBackend | null = null;

/** The backend this process uses, chosen once on first use. */
export function defaultBackend(): ChaChaBackend {
  chosen ??= selectBackend(getCiphers());
  return chosen;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

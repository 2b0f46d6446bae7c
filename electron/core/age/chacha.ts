/**
 * ChaCha20-Poly1305 (RFC 8439) for age: the STREAM payload and the wrapping
 * of file keys in recipient stanzas.
 *
 * Node's OpenSSL has it, and it is the fast path. Electron's Node is built on
 * BoringSSL, whose cipher list lacks 'chacha20-poly1305'; there we use
 * libsodium's (libsodium-wrappers, WebAssembly): about 390 MB/s on one core
 * here, against 120 MB/s for @noble/ciphers (audited, pure JS), which does
 * the few chunks sealed or opened in the ~30 ms before the WebAssembly is
 * compiled. The choice is made once, from `crypto.getCiphers()`, and
 * `defaultBackend().name` says which one is in use. Callers may pass a
 * backend explicitly (tests run every vector through each).
 */
import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import type * as Sodium from 'libsodium-wrappers';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export type ChaChaBackendName = 'node' | 'sodium' | 'noble';

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

type SodiumAead = Pick<typeof Sodium, 'ready' | 'crypto_aead_chacha20poly1305_ietf_encrypt' | 'crypto_aead_chacha20poly1305_ietf_decrypt'>;

let sodium: SodiumAead | null = null;
let sodiumLoading: Promise<void> | null = null;

/** Compiles libsodium's WebAssembly (once); resolves when the sodium backend runs on it. */
export function loadSodium(): Promise<void> {
  sodiumLoading ??= import('libsodium-wrappers').then(
    async (module) => {
      // CommonJS as bundled (and under vitest): the functions may sit on `default`.
      const loaded: SodiumAead = (module as { default?: SodiumAead }).default ?? module;
      await loaded.ready;
      sodium = loaded;
    },
    // Where WebAssembly cannot run, noble's cipher goes on doing the work: slower, the same bytes.
    () => undefined,
  );
  return sodiumLoading;
}

/** Whether the sodium backend runs on libsodium now (not yet on noble's bridge). */
export function sodiumReady(): boolean {
  return sodium !== null;
}

/** libsodium's ChaCha20-Poly1305 (IETF, RFC 8439); noble's until the WebAssembly is ready (the same cipher). */
export const sodiumBackend: ChaChaBackend = {
  name: 'sodium',
  seal(key, nonce, plaintext) {
    if (!sodium) {
      void loadSodium();
      return nobleBackend.seal(key, nonce, plaintext);
    }
    const whole = plaintext instanceof Uint8Array ? plaintext : Buffer.concat(plaintext);
    return [asBuffer(sodium.crypto_aead_chacha20poly1305_ietf_encrypt(whole, null, null, nonce, key))];
  },
  open(key, nonce, sealed) {
    if (!sodium) {
      void loadSodium();
      return nobleBackend.open(key, nonce, sealed);
    }
    if (sealed.byteLength < TAG_BYTES) return null;
    try {
      return asBuffer(sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key));
    } catch {
      return null;
    }
  },
};

/** The backend for a runtime whose OpenSSL/BoringSSL offers `ciphers`. */
export function selectBackend(ciphers: readonly string[]): ChaChaBackend {
  if (ciphers.includes(NODE_CIPHER)) return nodeBackend;
  void loadSodium();
  return sodiumBackend;
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

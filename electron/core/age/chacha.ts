/**
 * ChaCha20-Poly1305 (RFC 8439) for age: the STREAM payload and the wrapping
 * of file keys in recipient stanzas.
 *
 * libsodium's native code through sodium-native (N-API, prebuilt for Linux,
 * macOS and Windows, loaded the same by Node and by Electron) is the fast
 * path everywhere: 1,420 MiB/s sealing or opening 64 KiB chunks on one core
 * here, against 930 MiB/s for Node's OpenSSL. Electron's BoringSSL has no
 * 'chacha20-poly1305' at all, so inside the app the choice without
 * sodium-native would be libsodium-wrappers (WebAssembly, ~390 MB/s) or
 * @noble/ciphers (audited, pure JS, ~120 MB/s). Where the native module
 * cannot load, the next of these is used: OpenSSL's if the runtime has it,
 * else the WebAssembly (noble's until it is compiled, ~30 ms). The choice is
 * made once, and `defaultBackend().name` says which one is in use. Callers
 * may pass a backend explicitly (tests run every vector through each).
 */
import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import type * as Sodium from 'libsodium-wrappers';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export type ChaChaBackendName = 'sodium-native' | 'node' | 'sodium' | 'noble';

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

/** The two calls of sodium-native's API used here (see its README: output buffers first, `nsec` always null). */
type NativeSodium = {
  crypto_aead_chacha20poly1305_ietf_encrypt(c: Uint8Array, m: Uint8Array, ad: null, nsec: null, npub: Uint8Array, k: Uint8Array): number;
  crypto_aead_chacha20poly1305_ietf_decrypt(m: Uint8Array, nsec: null, c: Uint8Array, ad: null, npub: Uint8Array, k: Uint8Array): number;
};

/** sodium-native, or null where its prebuilt binary does not load (another platform, a stripped package). */
function loadNative(): NativeSodium | null {
  try {
    // A native module: left out of the bundles (build/node-bundle.mjs) and required where it is installed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('sodium-native') as NativeSodium;
  } catch {
    return null;
  }
}

/** libsodium's ChaCha20-Poly1305 (IETF) in native code, writing straight into the buffers it returns. */
export function nativeSodiumBackend(native: NativeSodium): ChaChaBackend {
  return {
    name: 'sodium-native',
    seal(key, nonce, plaintext) {
      const whole = plaintext instanceof Uint8Array ? plaintext : Buffer.concat(plaintext);
      const sealed = Buffer.allocUnsafe(whole.byteLength + TAG_BYTES);
      native.crypto_aead_chacha20poly1305_ietf_encrypt(sealed, whole, null, null, nonce, key);
      return [sealed];
    },
    open(key, nonce, sealed) {
      if (sealed.byteLength < TAG_BYTES) return null;
      const plaintext = Buffer.allocUnsafe(sealed.byteLength - TAG_BYTES);
      try {
        native.crypto_aead_chacha20poly1305_ietf_decrypt(plaintext, null, sealed, null, nonce, key);
      } catch {
        // libsodium writes no plaintext before the tag verifies.
        return null;
      }
      return plaintext;
    },
  };
}

let native: ChaChaBackend | null | undefined;

/** The sodium-native backend, or null where the native module does not load (tried once). */
export function sodiumNativeBackend(): ChaChaBackend | null {
  if (native === undefined) {
    const loaded = loadNative();
    native = loaded ? nativeSodiumBackend(loaded) : null;
  }
  return native;
}

/** The backend for a runtime whose OpenSSL/BoringSSL offers `ciphers`, given whether sodium-native loads there. */
export function selectBackend(ciphers: readonly string[], nativeSodium: ChaChaBackend | null = sodiumNativeBackend()): ChaChaBackend {
  if (nativeSodium) return nativeSodium;
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

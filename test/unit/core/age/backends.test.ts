import { getCiphers, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultBackend, loadSodium, nobleBackend, nodeBackend, selectBackend, sodiumBackend, sodiumNativeBackend, sodiumReady, type ChaChaBackend } from '../../../../electron/core/age/chacha';
import { decryptBuffer } from '../../../../electron/core/age/decrypt';
import { AgeEncryptor, encryptBuffer } from '../../../../electron/core/age/encrypt';
import { CHUNK_BYTES } from '../../../../electron/core/age/payload';
import { generateIdentity, recipientOf } from '../../../../electron/core/age/x25519';

/** Installed as a dependency, with prebuilt binaries for this platform: it must load here. */
const native = sodiumNativeBackend() as ChaChaBackend;

describe('ChaCha20-Poly1305 backends', () => {
  beforeAll(() => loadSodium());

  it('uses sodium-native wherever it loads, else node:crypto where OpenSSL offers chacha20-poly1305, else libsodium (BoringSSL)', () => {
    expect(native?.name).toBe('sodium-native');
    expect(defaultBackend().name).toBe('sodium-native');
    // Electron's BoringSSL lists no chacha20-poly1305: the native module is used there the same.
    expect(selectBackend(['aes-128-gcm', 'aes-256-gcm', 'chacha20']).name).toBe('sodium-native');
    // Where the native module does not load.
    expect(getCiphers()).toContain('chacha20-poly1305');
    expect(selectBackend(['aes-256-gcm', 'chacha20-poly1305'], null).name).toBe('node');
    expect(selectBackend(['aes-128-gcm', 'aes-256-gcm', 'chacha20'], null).name).toBe('sodium');
    // Loaded in beforeAll: from here on the WebAssembly does the work, not noble's bridge.
    expect(sodiumReady()).toBe(true);
  });

  it('the four backends produce and accept the same bytes', () => {
    for (const size of [0, 1, 63, 64, 65, 1000, CHUNK_BYTES]) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const plaintext = randomBytes(size);
      const fromNode = Buffer.concat(nodeBackend.seal(key, nonce, plaintext));
      const fromNoble = Buffer.concat(nobleBackend.seal(key, nonce, plaintext));
      expect(fromNoble.equals(fromNode)).toBe(true);
      expect(nobleBackend.open(key, nonce, fromNode)?.equals(plaintext)).toBe(true);
      expect(nodeBackend.open(key, nonce, fromNoble)?.equals(plaintext)).toBe(true);
      const fromSodium = Buffer.concat(sodiumBackend.seal(key, nonce, [plaintext.subarray(0, 7), plaintext.subarray(7)]));
      expect(fromSodium.equals(fromNode)).toBe(true);
      expect(sodiumBackend.open(key, nonce, fromNode)?.equals(plaintext)).toBe(true);
      const fromNative = Buffer.concat(native.seal(key, nonce, [plaintext.subarray(0, 7), plaintext.subarray(7)]));
      expect(fromNative.equals(fromNode)).toBe(true);
      expect(native.open(key, nonce, fromNode)?.equals(plaintext)).toBe(true);
      for (const backend of [nodeBackend, nobleBackend, sodiumBackend, native]) {
        const bad = Buffer.from(fromNode);
        bad.writeUInt8((bad.at(-1) ?? 0) ^ 1, bad.length - 1);
        expect(backend.open(key, nonce, bad)).toBeNull();
        expect(backend.open(key, nonce, bad.subarray(0, 15))).toBeNull();
      }
    }
  });

  it('a file encrypted with one backend decrypts with the other', async () => {
    const identity = generateIdentity();
    const plaintext = randomBytes(2 * CHUNK_BYTES + 5);
    for (const [encryptWith, decryptWith] of [
      [nobleBackend, nodeBackend],
      [nodeBackend, nobleBackend],
      [sodiumBackend, nodeBackend],
      [nodeBackend, sodiumBackend],
      [native, nodeBackend],
      [nobleBackend, native],
    ] as const) {
      const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)], backend: encryptWith });
      expect((await decryptBuffer(file, { identities: [identity], backend: decryptWith })).equals(plaintext)).toBe(true);
    }
    expect((await AgeEncryptor.create({ recipients: [recipientOf(identity)], backend: nobleBackend })).backendName).toBe('noble');
  });
});

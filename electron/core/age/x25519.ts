/**
 * age's native X25519 recipients and identities.
 *
 *   recipient  "age1…"              bech32, lowercase, 32-byte public key
 *   identity   "AGE-SECRET-KEY-1…"  bech32, uppercase, 32-byte secret key
 *
 *   stanza:    -> X25519 <raw base64 of the 32-byte ephemeral share>
 *              <raw base64 of ChaCha20-Poly1305(wrap key, 12 zero bytes, file key)>
 *   wrap key = HKDF-SHA-256(ikm = X25519(ephemeral, recipient),
 *                           salt = share ‖ recipient public key,
 *                           info = "age-encryption.org/v1/X25519")
 *
 * X25519 runs in node:crypto. A secret key is imported as PKCS#8 DER because
 * a private JWK must already carry the public key, which we are computing.
 * An all-zero shared secret (a low-order share) is refused as a malformed
 * header, as the spec requires. Post-quantum identities ("AGE-SECRET-KEY-PQ-1…",
 * mlkem768x25519 stanzas) are recognised and refused as unsupported.
 */
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { bech32 } from '@scure/base';
import { AgeError, headerError } from './age-error';
import { decodeRawBase64, encodeRawBase64 } from './base64';
import { type ChaChaBackend } from './chacha';
import { hkdf, type Stanza } from './header';

export const FILE_KEY_BYTES = 16;
const POINT_BYTES = 32;
const LABEL = 'age-encryption.org/v1/X25519';
const RECIPIENT_PREFIX = 'age';
const IDENTITY_PREFIX = 'AGE-SECRET-KEY-';
const PQ_IDENTITY_PREFIX = 'AGE-SECRET-KEY-PQ-';
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
export const WRAP_NONCE = Buffer.alloc(12);

export type X25519Recipient = { readonly kind: 'x25519'; readonly publicKey: Buffer; readonly recipient: string };

export type X25519Identity = {
  readonly kind: 'x25519';
  readonly secretKey: Buffer;
  readonly publicKey: Buffer;
  /** The "age1…" recipient string of this identity. */
  readonly recipient: string;
  /** The "AGE-SECRET-KEY-1…" string, as age-keygen prints it. */
  readonly secret: string;
};

/** Parses an "age1…" recipient string. */
export function parseRecipient(text: string): X25519Recipient {
  const trimmed = text.trim();
  if (trimmed.startsWith('age1pq1') || /^age1[a-z0-9]+1/.test(trimmed)) {
    throw new AgeError('unsupported', 'Post-quantum and plugin recipients are not supported; use an X25519 recipient (age1…)');
  }
  const bytes = decodeBech32(trimmed, RECIPIENT_PREFIX, 'recipient');
  return { kind: 'x25519', publicKey: bytes, recipient: encodeBech32(RECIPIENT_PREFIX, bytes) };
}

/** Parses an "AGE-SECRET-KEY-1…" identity string. */
export function parseIdentity(text: string): X25519Identity {
  const trimmed = text.trim();
  if (trimmed.startsWith(PQ_IDENTITY_PREFIX)) {
    throw new AgeError('unsupported', 'Post-quantum identities (AGE-SECRET-KEY-PQ-1…) are not supported');
  }
  if (trimmed.startsWith('AGE-PLUGIN-')) throw new AgeError('unsupported', 'age plugin identities are not supported');
  return identityFromSecret(decodeBech32(trimmed, IDENTITY_PREFIX, 'identity'));
}

/** A fresh identity from node:crypto's generator. */
export function generateIdentity(): X25519Identity {
  const jwk = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string') throw new Error('node:crypto did not export an X25519 secret key');
  return identityFromSecret(Buffer.from(jwk.d, 'base64url'));
}

export function recipientOf(identity: X25519Identity): X25519Recipient {
  return { kind: 'x25519', publicKey: identity.publicKey, recipient: identity.recipient };
}

function identityFromSecret(secretKey: Buffer): X25519Identity {
  const publicKey = rawPublicKey(createPublicKey(privateKeyObject(secretKey)));
  return {
    kind: 'x25519',
    secretKey,
    publicKey,
    recipient: encodeBech32(RECIPIENT_PREFIX, publicKey),
    secret: encodeBech32(IDENTITY_PREFIX, secretKey).toUpperCase(),
  };
}

/** One X25519 stanza wrapping `fileKey` to `recipient`. */
export function wrapX25519(fileKey: Uint8Array, recipient: X25519Recipient, backend: ChaChaBackend): Stanza {
  const ephemeral = randomBytes(POINT_BYTES);
  const share = rawPublicKey(createPublicKey(privateKeyObject(ephemeral)));
  const shared = x25519(ephemeral, recipient.publicKey);
  const wrapKey = hkdf(shared, Buffer.concat([share, recipient.publicKey]), LABEL);
  const body = Buffer.concat(backend.seal(wrapKey, WRAP_NONCE, fileKey));
  return { type: 'X25519', args: [encodeRawBase64(share)], body };
}

/**
 * The file key, or null when the stanza is not for this identity (another
 * type, or another key). A malformed X25519 stanza is a header error.
 */
export function unwrapX25519(stanza: Stanza, identity: X25519Identity, backend: ChaChaBackend): Buffer | null {
  if (stanza.type !== 'X25519') return null;
  const share = stanza.args.length === 1 ? decodeRawBase64(stanza.args[0] ?? '') : null;
  if (share?.length !== POINT_BYTES) throw headerError('an X25519 recipient stanza has a malformed share');
  if (stanza.body.length !== FILE_KEY_BYTES + 16) throw headerError('an X25519 recipient stanza wraps a file key of the wrong size');
  const shared = x25519(identity.secretKey, share);
  const wrapKey = hkdf(shared, Buffer.concat([share, identity.publicKey]), LABEL);
  return backend.open(wrapKey, WRAP_NONCE, stanza.body);
}

function x25519(secretKey: Buffer, publicKey: Buffer): Buffer {
  let shared: Buffer;
  try {
    const peer = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: publicKey.toString('base64url') }, format: 'jwk' });
    shared = diffieHellman({ privateKey: privateKeyObject(secretKey), publicKey: peer });
  } catch (cause) {
    // OpenSSL refuses to derive an all-zero secret (a low-order point).
    throw new AgeError('header', 'This is not a valid age file: an X25519 share is a low-order point', { cause });
  }
  if (shared.every((byte) => byte === 0)) throw headerError('an X25519 share is a low-order point');
  return shared;
}

function privateKeyObject(secretKey: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('node:crypto did not export an X25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

function decodeBech32(text: string, prefix: string, what: 'recipient' | 'identity'): Buffer {
  const expected = what === 'recipient' ? 'an age recipient (age1…)' : 'an age identity (AGE-SECRET-KEY-1…)';
  // The case of the prefix is part of the format: recipients are lowercase, identities uppercase.
  if (!text.startsWith(`${prefix}1`)) throw new AgeError('key', `This is not ${expected}`);
  const decoded = bech32.decodeUnsafe(text, false);
  const bytes = decoded ? bech32.fromWordsUnsafe(decoded.words) : undefined;
  if (!decoded || decoded.prefix !== prefix.toLowerCase() || !bytes || bytes.length !== POINT_BYTES) {
    throw new AgeError('key', `This is not ${expected}: it is malformed or mistyped`);
  }
  return Buffer.from(bytes);
}

function encodeBech32(prefix: string, bytes: Uint8Array): string {
  return bech32.encode(prefix, bech32.toWords(bytes), false);
}

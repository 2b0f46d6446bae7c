/**
 * age's passphrase recipient.
 *
 *   stanza:   -> scrypt <raw base64 of a 16-byte salt> <log2 N, decimal>
 *             <raw base64 of ChaCha20-Poly1305(wrap key, 12 zero bytes, file key)>
 *   wrap key = scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt, N, r = 8, p = 1, 32 bytes)
 *
 * A scrypt stanza must be the only stanza of its header (checked where the
 * header is read). The work factor is decimal without leading zeros or
 * signs; on decryption it is capped (22 by default, as age does), because a
 * file could otherwise make us spend minutes and gigabytes before failing.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { AgeError, headerError } from './age-error';
import { decodeRawBase64, encodeRawBase64 } from './base64';
import { type ChaChaBackend } from './chacha';
import { type Stanza } from './header';
import { FILE_KEY_BYTES, WRAP_NONCE } from './x25519';

const LABEL = 'age-encryption.org/v1/scrypt';
const SALT_BYTES = 16;
/** age's default for new files: about a second and 256 MiB. */
export const DEFAULT_WORK_FACTOR = 18;
export const DEFAULT_MAX_WORK_FACTOR = 22;

export type PassphraseRecipient = { readonly kind: 'passphrase'; readonly passphrase: string; readonly workFactor: number };
export type PassphraseIdentity = { readonly kind: 'passphrase'; readonly passphrase: string; readonly maxWorkFactor: number };

export function passphraseRecipient(passphrase: string, options: { workFactor?: number } = {}): PassphraseRecipient {
  const workFactor = options.workFactor ?? DEFAULT_WORK_FACTOR;
  if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > 30) throw new AgeError('key', `Not a usable scrypt work factor: ${workFactor}`);
  checkPassphrase(passphrase);
  return { kind: 'passphrase', passphrase, workFactor };
}

export function passphraseIdentity(passphrase: string, options: { maxWorkFactor?: number } = {}): PassphraseIdentity {
  const maxWorkFactor = options.maxWorkFactor ?? DEFAULT_MAX_WORK_FACTOR;
  if (!Number.isInteger(maxWorkFactor) || maxWorkFactor < 1 || maxWorkFactor > 30) throw new AgeError('key', `Not a usable scrypt work factor limit: ${maxWorkFactor}`);
  checkPassphrase(passphrase);
  return { kind: 'passphrase', passphrase, maxWorkFactor };
}

export async function wrapScrypt(fileKey: Uint8Array, recipient: PassphraseRecipient, backend: ChaChaBackend): Promise<Stanza> {
  const salt = randomBytes(SALT_BYTES);
  const wrapKey = await deriveKey(recipient.passphrase, salt, recipient.workFactor);
  const body = Buffer.concat(backend.seal(wrapKey, WRAP_NONCE, fileKey));
  return { type: 'scrypt', args: [encodeRawBase64(salt), String(recipient.workFactor)], body };
}

/** The file key, or null for a wrong passphrase. A malformed scrypt stanza is a header error. */
export async function unwrapScrypt(stanza: Stanza, identity: PassphraseIdentity, backend: ChaChaBackend): Promise<Buffer | null> {
  if (stanza.type !== 'scrypt') return null;
  if (stanza.args.length !== 2) throw headerError('the passphrase stanza does not have exactly a salt and a work factor');
  const salt = decodeRawBase64(stanza.args[0] ?? '');
  if (salt?.length !== SALT_BYTES) throw headerError('the passphrase stanza has a malformed salt');
  const text = stanza.args[1] ?? '';
  if (!/^[1-9][0-9]*$/.test(text)) throw headerError('the passphrase stanza has a malformed work factor');
  const workFactor = Number(text);
  if (workFactor > identity.maxWorkFactor) {
    throw headerError(`the passphrase work factor 2^${text} is above the limit of 2^${identity.maxWorkFactor}; opening it would take too long`);
  }
  if (stanza.body.length !== FILE_KEY_BYTES + 16) throw headerError('the passphrase stanza wraps a file key of the wrong size');
  const wrapKey = await deriveKey(identity.passphrase, salt, workFactor);
  return backend.open(wrapKey, WRAP_NONCE, stanza.body);
}

function deriveKey(passphrase: string, salt: Buffer, workFactor: number): Promise<Buffer> {
  const N = 2 ** workFactor;
  const r = 8;
  // scrypt needs 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default).
  const maxmem = 128 * N * r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, Buffer.concat([Buffer.from(LABEL, 'latin1'), salt]), 32, { N, r, p: 1, maxmem }, (error, key) => {
      if (error) reject(new AgeError('unsupported', `Could not compute the passphrase key (scrypt work factor ${workFactor}): ${error.message}`, { cause: error }));
      else resolve(key);
    });
  });
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length === 0) throw new AgeError('key', 'The passphrase is empty');
}

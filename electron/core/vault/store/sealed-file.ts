/**
 * A whole-file sealed document (the index, the device key):
 *
 *   file = nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)
 *
 * with caller-given associated data naming the vault, role and id, so the
 * file cannot be swapped with another one or taken from another vault.
 * Written atomically (temporary file, fsync, rename, fsync of the folder):
 * after a crash the file holds either the old or the new document.
 */
import { readFile } from 'node:fs/promises';
import { ApiFailure } from '../../../../shared/api/errors';
import { writeFileAtomic } from '../../fs/atomic-write';
import { AeadAuthError, seal } from './aead';
import { errnoCode, ioFailure } from './io-error';
import { refuseIfReadOnly } from './read-only-keys';
import { openEither } from './retiring-keys';

export async function writeSealed(file: string, key: Uint8Array, aad: string, bytes: Uint8Array): Promise<void> {
  refuseIfReadOnly(key, `write ${file}`);
  const sealed = seal(key, bytes, aad);
  try {
    await writeFileAtomic(file, sealed);
  } catch (error) {
    throw ioFailure(error, 'write', file);
  }
}

/** The plaintext, or null when the file does not exist. */
export async function readSealed(file: string, key: Uint8Array, aad: string): Promise<Buffer | null> {
  let sealed: Buffer;
  try {
    sealed = await readFile(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioFailure(error, 'read', file);
  }
  try {
    // During a replacement of the data key, a file not yet re-encrypted opens under the retiring key.
    return openEither(key, sealed, aad);
  } catch (error) {
    if (error instanceof AeadAuthError) {
      throw new ApiFailure('damaged', `${file} is damaged or belongs to another vault (it does not authenticate)`);
    }
    throw error;
  }
}

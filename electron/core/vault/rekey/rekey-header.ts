/**
 * Replacing the data key, as far as vault.json is concerned. A passphrase
 * change only rewraps the key, so an old vault.json and the old passphrase
 * keep opening everything; replacing the key is what shuts them out.
 *
 * The replacement cannot be one atomic step (every file is re-encrypted), so
 * it is made safe to interrupt anywhere:
 * 1. begin: vault.json gets a new random data key as `wrappedKey` and the old
 *    one as `retiringKey`, both under the (new) passphrase with a fresh salt,
 *    written atomically. From here on, every write uses the new key; a reader
 *    whose file does not authenticate under it tries the retiring key.
 * 2. every file is re-encrypted under the new key (temp file, fsync, rename:
 *    see rekey-files.ts), each step idempotent, so a crash simply resumes.
 * 3. finish: once no file needs the retiring key, it is dropped from vault.json.
 *    The remaining `wrappedKey` authenticates on its own (its AAD does not
 *    cover `retiringKey`), so this needs no passphrase.
 * An old copy of vault.json unwraps only the old key, which after step 3
 * opens nothing, neither the files written before nor those written after.
 */
import { randomBytes } from 'node:crypto';
import { ApiFailure } from '../../../../shared/api/errors';
import { AeadAuthError, KEY_BYTES, open, seal } from '../store/aead';
import { HEADER_FILE, wrapAad, type VaultHeader } from '../store/header';
import { defaultKdfCost, deriveKek, kdfParamsProblem, newKdfParams, type KdfCost, type KdfOptions } from '../store/kdf';

export type VaultKeys = { current: Buffer; retiring: Buffer | null };

const retiringAad = (header: VaultHeader) => `${wrapAad(header)}|retiring`;

/** Both keys; ApiFailure 'wrong_passphrase' when the passphrase (or any header field) is wrong. */
export async function unlockKeys(header: VaultHeader, passphrase: string, options: KdfOptions = {}): Promise<VaultKeys> {
  const problem = kdfParamsProblem(header.kdf, options);
  if (problem) throw new ApiFailure('damaged', `${HEADER_FILE} has unacceptable KDF parameters: ${problem}`);
  const kek = await deriveKek(passphrase, header.kdf, options);
  try {
    const current = open(kek, Buffer.from(header.wrappedKey, 'base64'), wrapAad(header));
    const retiring = header.retiringKey === undefined ? null : open(kek, Buffer.from(header.retiringKey, 'base64'), retiringAad(header));
    return { current, retiring };
  } catch (error) {
    if (error instanceof AeadAuthError) throw new ApiFailure('wrong_passphrase', 'That passphrase does not unlock this vault');
    throw error;
  } finally {
    kek.fill(0);
  }
}

/**
 * Step 1: a header with a fresh data key and `currentKey` retiring, under
 * `passphrase` with a fresh salt. Refused while an earlier replacement is
 * unfinished: its retiring key would be lost with files still needing it.
 */
export async function beginRekey(
  header: VaultHeader,
  currentKey: Uint8Array,
  passphrase: string,
  kdf: KdfCost = defaultKdfCost,
  options: KdfOptions = {},
): Promise<{ header: VaultHeader; newKey: Buffer }> {
  if (header.retiringKey !== undefined) throw new ApiFailure('bad_request', 'A replacement of the data key is unfinished: resume it first');
  const newKey = randomBytes(KEY_BYTES);
  const { wrappedKey: _w, ...base } = header;
  const next: Omit<VaultHeader, 'wrappedKey'> = { ...base, kdf: newKdfParams(kdf, options) };
  const kek = await deriveKek(passphrase, next.kdf, options);
  try {
    const wrapped = { ...next, wrappedKey: seal(kek, newKey, wrapAad(next)).toString('base64') };
    return { header: { ...wrapped, retiringKey: seal(kek, currentKey, retiringAad(wrapped)).toString('base64') }, newKey };
  } finally {
    kek.fill(0);
  }
}

/** Step 3: the header without its retiring key. */
export function finishRekey(header: VaultHeader): VaultHeader {
  const { retiringKey: _r, ...rest } = header;
  return rest;
}

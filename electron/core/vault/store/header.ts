/**
 * vault.json — the one plaintext file of a vault: authenticated, not secret.
 *
 *   {
 *     "format": "outpost-vault",
 *     "version": 1,
 *     "vaultId": 32 hex chars (128 random bits),
 *     "createdAt": ISO 8601 time,
 *     "kdf": { "name": "scrypt", "N", "r", "p", "salt": base64, "keyLength": 32 },
 *     "wrappedKey": base64 of AES-256-GCM sealing (nonce ‖ ciphertext ‖ tag,
 *                   60 bytes) of the random 32-byte data key under the KEK
 *     "retiringKey": only while the data key is being replaced: the previous
 *                   data key, wrapped the same way (AAD suffixed "|retiring");
 *                   see ../rekey/rekey-header.ts
 *   }
 *
 * The wrap's associated data binds every other field (format, version,
 * vaultId, createdAt and the canonical KDF parameters), so editing any of
 * them makes unlocking fail instead of, say, silently weakening the KDF. A
 * passphrase change rewraps the same data key: no data is re-encrypted.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ApiFailure } from '../../../../shared/api/errors';
import { writeFileAtomic } from '../../fs/atomic-write';
import { AeadAuthError, aadFor, KEY_BYTES, open, SEAL_OVERHEAD, seal } from './aead';
import { ioFailure, errnoCode } from './io-error';
import { canonicalKdfParams, defaultKdfCost, deriveKek, kdfParamsProblem, newKdfParams, type KdfCost, type KdfOptions, type KdfParams } from './kdf';

export const HEADER_FILE = 'vault.json';
export const VAULT_FORMAT = 'outpost-vault';
export const VAULT_VERSION = 1;

export type VaultHeader = {
  format: typeof VAULT_FORMAT;
  version: typeof VAULT_VERSION;
  vaultId: string;
  createdAt: string;
  kdf: KdfParams;
  wrappedKey: string;
  retiringKey?: string;
};

const HeaderSchema = z.strictObject({
  format: z.literal(VAULT_FORMAT),
  version: z.literal(VAULT_VERSION),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/, 'Not a vault id'),
  createdAt: z.iso.datetime(),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z.int(),
    r: z.int(),
    p: z.int(),
    salt: z.base64(),
    keyLength: z.int(),
  }),
  wrappedKey: z.base64(),
  retiringKey: z.base64().optional(),
});

/** A new vault identity: random vault id, random data key, wrapped under the passphrase. */
export async function createHeader(
  passphrase: string,
  kdf: KdfCost = defaultKdfCost,
  options: KdfOptions = {},
): Promise<{ header: VaultHeader; dataKey: Buffer }> {
  const dataKey = randomBytes(KEY_BYTES);
  const base = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    vaultId: randomBytes(16).toString('hex'),
    createdAt: new Date().toISOString(),
    kdf: newKdfParams(kdf, options),
  } as const;
  return { header: await wrap(base, dataKey, passphrase, options), dataKey };
}

/** The data key; ApiFailure 'wrong_passphrase' when the passphrase (or any header field) is wrong. */
export async function unlockHeader(header: VaultHeader, passphrase: string, options: KdfOptions = {}): Promise<Buffer> {
  const problem = kdfParamsProblem(header.kdf, options);
  if (problem) throw new ApiFailure('damaged', `${HEADER_FILE} has unacceptable KDF parameters: ${problem}`);
  const kek = await deriveKek(passphrase, header.kdf, options);
  try {
    return open(kek, Buffer.from(header.wrappedKey, 'base64'), wrapAad(header));
  } catch (error) {
    // A wrong passphrase and an edited header look the same here, by design.
    if (error instanceof AeadAuthError) throw new ApiFailure('wrong_passphrase', 'That passphrase does not unlock this vault');
    throw error;
  } finally {
    kek.fill(0);
  }
}

/**
 * The same vault (id, creation time, data key) under a new passphrase, with a
 * fresh salt. The cost defaults to today's default, so a passphrase change
 * also brings an old vault's KDF up to date.
 */
export async function rewrapHeader(
  header: VaultHeader,
  dataKey: Uint8Array,
  newPassphrase: string,
  kdf: KdfCost = defaultKdfCost,
  options: KdfOptions = {},
): Promise<VaultHeader> {
  if (header.retiringKey !== undefined) {
    throw new ApiFailure('bad_request', 'The data key is being replaced: finish that first, then change the passphrase');
  }
  const { wrappedKey: _old, ...base } = header;
  return wrap({ ...base, kdf: newKdfParams(kdf, options) }, dataKey, newPassphrase, options);
}

/** Validates vault.json's text; anything wrong is ApiFailure 'damaged' naming `fileName`. */
export function parseHeader(text: string, fileName: string, options: KdfOptions = {}): VaultHeader {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiFailure('damaged', `${fileName} is damaged: not valid JSON`);
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const first = issues[0];
    throw new ApiFailure('damaged', `${fileName} is damaged: ${first ? `${first.path || 'file'}: ${first.message}` : 'bad shape'}`, issues);
  }
  const header = parsed.data;
  const problem = kdfParamsProblem(header.kdf, options);
  if (problem) throw new ApiFailure('damaged', `${fileName} is damaged: KDF parameters: ${problem}`);
  if (Buffer.from(header.wrappedKey, 'base64').length !== KEY_BYTES + SEAL_OVERHEAD) {
    throw new ApiFailure('damaged', `${fileName} is damaged: wrappedKey has the wrong length`);
  }
  if (header.retiringKey !== undefined && Buffer.from(header.retiringKey, 'base64').length !== KEY_BYTES + SEAL_OVERHEAD) {
    throw new ApiFailure('damaged', `${fileName} is damaged: retiringKey has the wrong length`);
  }
  const { retiringKey, ...rest } = header;
  return retiringKey === undefined ? rest : { ...rest, retiringKey };
}

/** The header of the vault in `dir`, or null when there is no vault.json. */
export async function readHeader(dir: string, options: KdfOptions = {}): Promise<VaultHeader | null> {
  const file = path.join(dir, HEADER_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioFailure(error, 'read', file);
  }
  return parseHeader(text, file, options);
}

export async function writeHeader(dir: string, header: VaultHeader): Promise<void> {
  const file = path.join(dir, HEADER_FILE);
  try {
    await writeFileAtomic(file, `${JSON.stringify(header, null, 2)}\n`);
  } catch (error) {
    throw ioFailure(error, 'write', file);
  }
}

async function wrap(base: Omit<VaultHeader, 'wrappedKey'>, dataKey: Uint8Array, passphrase: string, options: KdfOptions): Promise<VaultHeader> {
  const kek = await deriveKek(passphrase, base.kdf, options);
  try {
    return { ...base, wrappedKey: seal(kek, dataKey, wrapAad(base)).toString('base64') };
  } finally {
    kek.fill(0);
  }
}

export function wrapAad(header: Omit<VaultHeader, 'wrappedKey' | 'retiringKey'>): string {
  // createdAt is ISO 8601 and the KDF string uses ';' and base64: no '|' can appear.
  return `${aadFor(header.vaultId, 'key', HEADER_FILE)}|${header.format}|${header.version}|${header.createdAt}|${canonicalKdfParams(header.kdf)}`;
}

/**
 * Step 2 of replacing the data key (see rekey-header.ts): one file at a time
 * from the retiring key to the new one. Each file is rewritten whole with the
 * atomic temp-fsync-rename, so a crash leaves it entirely under one key or
 * the other, and each step first checks whether the file already opens
 * under the new key: running a step again after an interruption is a no-op.
 */
import { access, readFile } from 'node:fs/promises';
import { ApiFailure } from '../../../../shared/api/errors';
import { writeFileAtomic } from '../../fs/atomic-write';
import { AeadAuthError, open } from '../store/aead';
import { errnoCode, ioFailure } from '../store/io-error';
import { encodeRecord, journalFileHeader, journalPath, openJournal } from '../store/journal';
import { writeSealed } from '../store/sealed-file';

export type RekeyKeys = { from: Uint8Array; to: Uint8Array };
export type RekeyOutcome = 'rekeyed' | 'already' | 'absent';

/** A whole-file sealed document (index, device key, rosters, …) under `aad`. */
export async function rekeySealedFile(file: string, aad: string, keys: RekeyKeys): Promise<RekeyOutcome> {
  let sealed: Buffer;
  try {
    sealed = await readFile(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'absent';
    throw ioFailure(error, 'read', file);
  }
  if (opens(keys.to, sealed, aad)) return 'already';
  let plain: Buffer;
  try {
    plain = open(keys.from, sealed, aad);
  } catch (error) {
    if (error instanceof AeadAuthError) throw new ApiFailure('damaged', `${file} is damaged or belongs to another vault (it authenticates under neither data key)`);
    throw error;
  }
  try {
    await writeSealed(file, keys.to, aad, plain);
  } finally {
    plain.fill(0);
  }
  return 'rekeyed';
}

/**
 * A case journal: every record re-sealed under the new key with the same
 * associated data (vault, case, record number), written as a new file.
 * A journal under neither key is reported as the journal reader reports it.
 */
export async function rekeyJournal(dir: string, caseId: string, vaultId: string, keys: RekeyKeys): Promise<RekeyOutcome> {
  const file = journalPath(dir, caseId);
  try {
    await access(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'absent';
    throw ioFailure(error, 'read', file);
  }
  // An empty journal opens under any key, and has nothing to re-encrypt either.
  const underNew = await openJournal({ dir, caseId, key: keys.to, vaultId, readOnly: true }).catch(() => null);
  if (underNew) {
    await underNew.close();
    return 'already';
  }
  const old = await openJournal({ dir, caseId, key: keys.from, vaultId, readOnly: true });
  try {
    const parts = [journalFileHeader(), ...old.records.map((payload, n) => encodeRecord(keys.to, vaultId, caseId, n, payload))];
    try {
      await writeFileAtomic(file, Buffer.concat(parts));
    } catch (error) {
      throw ioFailure(error, 'write', file);
    }
  } finally {
    await old.close();
  }
  return 'rekeyed';
}

function opens(key: Uint8Array, sealed: Uint8Array, aad: string): boolean {
  try {
    open(key, sealed, aad).fill(0);
    return true;
  } catch (error) {
    if (error instanceof AeadAuthError) return false;
    throw error;
  }
}

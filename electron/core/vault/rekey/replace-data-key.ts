/**
 * Replacing the data key of an unlocked, writable session, start to end
 * (FORMAT.md, "Replacing the data key"):
 *
 * 1. the passphrase must open vault.json, and the files are listed first, so
 *    an unknown file or a wrong passphrase stops it before anything changes;
 * 2. the session's writes are paused (store/read-only-keys.ts), pending
 *    appends finish and its journals are closed: from here until the end no
 *    one but this walk writes, so no file is ever half under each key;
 * 3. vault.json gets the new key and the retiring one (rekey-header.ts); the
 *    session's key Buffer is overwritten in place with the new key, so every
 *    module that holds it reads (new key first, then the retiring one:
 *    store/retiring-keys.ts) and, later, writes with the new key;
 * 4. every file is re-encrypted (reencrypt-vault.ts);
 * 5. vault.json drops the retiring key; writes resume.
 *
 * Interrupted after 3, the vault keeps both keys in vault.json, opens with
 * the passphrase, reads everything, and refuses writes until a later run
 * (which starts at 4) has finished. After 5, an old copy of vault.json
 * unwraps only the old key, which opens no file of the vault any more.
 */
import { timingSafeEqual } from 'node:crypto';
import { ApiFailure } from '../../../../shared/api/errors';
import type { VaultSession } from '../session';
import { readHeader, writeHeader } from '../store/header';
import type { KdfCost, KdfOptions } from '../store/kdf';
import { pauseWrites, resumeWrites } from '../store/read-only-keys';
import { clearRetiringKey, setRetiringKey } from '../store/retiring-keys';
import { reencryptVault, type ReencryptResult, type RekeyProgress } from './reencrypt-vault';
import { planRekey } from './rekey-plan';
import { beginRekey, finishRekey, unlockKeys } from './rekey-header';

export type ReplaceKeyInput = {
  session: VaultSession;
  passphrase: string;
  kdf: KdfCost;
  kdfOptions: KdfOptions;
  signal?: AbortSignal;
  onProgress?: (progress: RekeyProgress) => void;
};

export type ReplaceKeyResult = ReencryptResult & { resumed: boolean };

export type ReplaceKeyOptions = { signal?: AbortSignal; onProgress?: (progress: RekeyProgress) => void };

/** Said after unlocking a vault whose replacement was interrupted (and after a run that stopped). */
export const UNFINISHED_REKEY =
  'The replacement of the data key was interrupted. Everything can be read, but nothing can be changed until it has finished: run Settings → Replace the data key (or "outpost vault replace-key") again.';

export async function replaceDataKey(input: ReplaceKeyInput): Promise<ReplaceKeyResult> {
  const { session, passphrase } = input;
  const { dir, key: sessionKey, vaultId } = session.storage;
  const header = await readHeader(dir, input.kdfOptions);
  if (!header) throw new ApiFailure('vault_absent', `No vault in ${dir}`);
  const keys = await unlockKeys(header, passphrase, input.kdfOptions);
  try {
    if (keys.current.length !== sessionKey.length || !timingSafeEqual(keys.current, sessionKey)) {
      throw new ApiFailure('damaged', `${dir}/vault.json was replaced since this vault was unlocked; lock it and unlock it again`);
    }
    // Listed once before anything changes, to refuse unknown files; the walk lists again once writes are paused.
    await planRekey(dir, vaultId);
    const resumed = keys.retiring !== null;
    // Changes made so far reach the disk while writing is still allowed.
    await session.index.flush();
    pauseWrites(sessionKey);
    let from: Buffer;
    let to: Buffer;
    let headerWritten = resumed;
    try {
      await session.closeJournals();
      if (keys.retiring) {
        from = Buffer.from(keys.retiring);
        to = Buffer.from(keys.current);
      } else {
        const begun = await beginRekey(header, keys.current, passphrase, input.kdf, input.kdfOptions);
        headerWritten = true;
        await writeHeader(dir, begun.header);
        from = Buffer.from(keys.current);
        to = begun.newKey;
        // Every holder of the session's key now reads and writes with the new one, the old one behind it.
        setRetiringKey(sessionKey, Buffer.from(from));
        sessionKey.set(to);
      }
    } catch (error) {
      // Before vault.json changed nothing is under two keys: writing may go on.
      // (A failed write of vault.json may still have landed: it is read back to know.)
      const landed = headerWritten && (await readHeader(dir, input.kdfOptions).catch(() => null))?.retiringKey !== undefined;
      if (!landed && !resumed) resumeWrites(sessionKey);
      else if (landed && !resumed) throw new ApiFailure('io', `${dir}/vault.json was written but the replacement could not start: ${error instanceof Error ? error.message : String(error)}; lock the vault, unlock it and run the replacement again to finish it`);
      throw error;
    }
    try {
      const walked = await reencryptVault({ dir, vaultId, keys: { from, to }, ...optional(input) });
      const current = await readHeader(dir, input.kdfOptions);
      if (!current?.retiringKey) throw new ApiFailure('damaged', `${dir}/vault.json changed during the replacement of the data key`);
      await writeHeader(dir, finishRekey(current));
      clearRetiringKey(sessionKey);
      // Journals read during the walk were opened read-only: closed here, they open writable when next used.
      await session.closeJournals(() => resumeWrites(sessionKey));
      // The index on disk was re-encrypted as it was; what changed in memory since is written now.
      await session.index.flush(true);
      return { ...walked, resumed };
    } finally {
      from.fill(0);
      to.fill(0);
    }
  } finally {
    keys.current.fill(0);
    keys.retiring?.fill(0);
  }
}

function optional(input: ReplaceKeyInput): { signal?: AbortSignal; onProgress?: (progress: RekeyProgress) => void } {
  return { ...(input.signal ? { signal: input.signal } : {}), ...(input.onProgress ? { onProgress: input.onProgress } : {}) };
}

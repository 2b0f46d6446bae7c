/**
 * Step 2 of replacing the data key (FORMAT.md, "Replacing the data key"):
 * every encrypted file of the vault (rekey-plan.ts), one after another, from
 * the retiring key to the new one. Each file is replaced atomically and each
 * step first checks whether its file is done already, so the walk can stop
 * anywhere (crash, kill, cancel, error) and a later walk finishes the job.
 *
 * Progress counts files and bytes (sizes on disk, as listed before the
 * walk). The signal is looked at between files and, inside an evidence
 * blob, between batches of chunks; a cancelled blob leaves only a temporary
 * file, which the intake's sweep removes.
 */
import path from 'node:path';
import { assertNever } from '../../../../shared/api/errors';
import { rekeyBlob } from './rekey-blob';
import { rekeyJournal, rekeySealedFile, type RekeyKeys, type RekeyOutcome } from './rekey-files';
import { planRekey, type PlannedFile } from './rekey-plan';

export type RekeyProgress = { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number; file?: string };

export type ReencryptInput = {
  dir: string;
  vaultId: string;
  keys: RekeyKeys;
  signal?: AbortSignal;
  /** Called after each file (and during big blobs); a throw stops the walk there, like a crash would. */
  onProgress?: (progress: RekeyProgress) => void;
  /** The plan, when the caller has listed the files already. */
  plan?: PlannedFile[];
};

export type ReencryptResult = { files: number; rekeyed: number; bytes: number };

export class RekeyCancelled extends Error {
  override readonly name = 'RekeyCancelled';
  constructor() {
    super('The replacement of the data key was cancelled; it resumes where it stopped');
  }
}

export async function reencryptVault(input: ReencryptInput): Promise<ReencryptResult> {
  const { dir, vaultId, keys, signal } = input;
  const plan = input.plan ?? (await planRekey(dir, vaultId));
  const progress: RekeyProgress = { filesDone: 0, filesTotal: plan.length, bytesDone: 0, bytesTotal: plan.reduce((sum, f) => sum + f.bytes, 0) };
  const report = (file?: string) => input.onProgress?.(file === undefined ? { ...progress } : { ...progress, file });
  report();
  let rekeyed = 0;
  for (const entry of plan) {
    if (signal?.aborted) throw new RekeyCancelled();
    const before = progress.bytesDone;
    const outcome = await rekeyOne(entry, vaultId, keys, signal, (n) => {
      // A blob is read twice (check, then copy): only the copy counts, capped at the file's size.
      progress.bytesDone = Math.min(before + entry.bytes, progress.bytesDone + n);
      report(relative(dir, entry.file));
    });
    if (outcome === 'rekeyed') rekeyed++;
    progress.filesDone++;
    progress.bytesDone = before + entry.bytes;
    report(relative(dir, entry.file));
  }
  return { files: plan.length, rekeyed, bytes: progress.bytesTotal };
}

async function rekeyOne(entry: PlannedFile, vaultId: string, keys: RekeyKeys, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<RekeyOutcome> {
  switch (entry.kind) {
    case 'sealed':
      return rekeySealedFile(entry.file, entry.aad, keys);
    case 'journal':
      return rekeyJournal(path.dirname(entry.file), entry.caseId, vaultId, keys);
    case 'blob':
      try {
        return await rekeyBlob(signal ? { file: entry.file, vaultId, keys, signal, onBytes } : { file: entry.file, vaultId, keys, onBytes });
      } catch (error) {
        if (signal?.aborted) throw new RekeyCancelled();
        throw error;
      }
    default:
      return assertNever(entry);
  }
}

function relative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}


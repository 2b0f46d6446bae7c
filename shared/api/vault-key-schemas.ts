/**
 * Replacing the vault's data key (electron/core/vault/FORMAT.md, "Replacing
 * the data key"): a job like the evidence and bundle jobs. The call answers
 * at once with the job; `job.wait` / `job.status` report files and bytes done,
 * `job.cancel` stops it between two files (it resumes at the next run).
 */
import { z } from 'zod';
import type { JobViewOf } from './job-view';

/** The vault's passphrase: it must open vault.json, and wraps the new key (with a fresh salt). */
export const ReplaceDataKey = z.strictObject({ passphrase: z.string().min(1, 'Enter the passphrase').max(1024) });

export type ReplaceDataKeyResult = {
  /** Encrypted files in the vault, and how many of them this run re-encrypted (the others were done by an earlier run). */
  files: number;
  rekeyed: number;
  bytes: number;
  /** True when this run finished a replacement that an earlier one had started. */
  resumed: boolean;
};

/** Progress: `done`/`total` are bytes; `filesDone`/`filesTotal` files; `phase` the file being re-encrypted. */
export type ReplaceDataKeyJobView = JobViewOf<'vault.replaceDataKey', ReplaceDataKeyResult> & { caseId: '' };

export const ReplaceDataKeyJobOutput = z.custom<ReplaceDataKeyJobView>();

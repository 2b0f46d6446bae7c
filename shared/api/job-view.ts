/**
 * How every long job (evidence, bundles, replacing the data key) looks to
 * its callers through `job.status` / `job.wait`: one shape, with the kind,
 * result and phase words of each family of jobs.
 */
import type { ApiError } from './errors';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export type JobViewOf<Kind extends string, Result, Phase extends string = string> = {
  jobId: string;
  kind: Kind;
  /** The case the job works on, or '' for work on no one case (a bundle import, the data key). */
  caseId: string;
  /** What it is doing, in words: "Attaching disk.img". */
  label: string;
  state: JobState;
  phase: Phase;
  /** Bytes done and to do (0 / 0 while unknown). */
  done: number;
  total: number;
  /** Work that goes file by file also counts files. */
  filesDone?: number;
  filesTotal?: number;
  startedAt: string;
  finishedAt?: string;
  cancelRequested?: boolean;
  /** Set when done (and for a verification that found damage, also when failed). */
  result?: Result;
  /** Set when state is `failed`. */
  error?: ApiError;
};

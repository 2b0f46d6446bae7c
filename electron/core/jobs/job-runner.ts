/**
 * A small runner for long work (file intake, verification, export; bundles
 * later): `start` returns at once with a job id; the work reports progress
 * (bytes done of total, and a phase); `cancel` asks it to stop through an
 * AbortSignal; `wait` answers when it ends or after a timeout, so callers
 * can long-poll instead of spinning. Errors end up as ApiError values, never
 * as stack traces. Finished jobs are forgotten after a while.
 *
 * Work must stop promptly once its signal is aborted and throw (anything);
 * the job then counts as cancelled, not failed.
 */
import { randomUUID } from 'node:crypto';
import { ApiFailure, type ApiError } from '../../../shared/api/errors';
import type { JobState, JobViewOf } from '../../../shared/api/job-view';

export type { JobState };

/** `done`/`total` are bytes; work that goes file by file also counts files. */
export type JobProgress = { phase?: string; done?: number; total?: number; filesDone?: number; filesTotal?: number };

export type JobContext = {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress: (update: JobProgress) => void;
  /** Throws JobCancelled when cancellation was asked for. */
  throwIfCancelled: () => void;
};

/** What callers see of a job (shared/api/job-view.ts); each family of jobs narrows kind, phase and result. */
export type JobSnapshot = JobViewOf<string, unknown>;

export class JobCancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'JobCancelled';
  }
}

/**
 * Thrown by work that finished but whose outcome is a failure the caller
 * must see as one (a verification that found damage): the job ends
 * `failed` with this error and still carries its result.
 */
export class JobFailedWithResult extends Error {
  constructor(
    readonly failure: ApiFailure,
    readonly result: unknown,
  ) {
    super(failure.message);
    this.name = 'JobFailedWithResult';
  }
}

type Job = { snapshot: JobSnapshot; controller: AbortController; finished: Promise<void>; endedAt: number };

const KEEP_FINISHED_MS = 30 * 60_000;
const MAX_FINISHED = 200;

export type JobRunnerOptions = { log?: (message: string, error: unknown) => void };

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly log: (message: string, error: unknown) => void;

  constructor(options: JobRunnerOptions = {}) {
    this.log = options.log ?? ((message, error) => console.error(`[outpost] ${message}:`, error));
  }

  start(spec: { kind: string; caseId: string; label: string; total?: number }, work: (context: JobContext) => Promise<unknown>): JobSnapshot {
    this.prune();
    const jobId = randomUUID();
    const controller = new AbortController();
    const snapshot: JobSnapshot = {
      jobId,
      kind: spec.kind,
      caseId: spec.caseId,
      label: spec.label,
      state: 'running',
      phase: 'queued',
      done: 0,
      total: spec.total ?? 0,
      startedAt: new Date().toISOString(),
    };
    const context: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (update) => {
        if (snapshot.state !== 'running') return;
        if (update.phase !== undefined) snapshot.phase = update.phase;
        if (update.done !== undefined) snapshot.done = update.done;
        if (update.total !== undefined) snapshot.total = update.total;
        if (update.filesDone !== undefined) snapshot.filesDone = update.filesDone;
        if (update.filesTotal !== undefined) snapshot.filesTotal = update.filesTotal;
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new JobCancelled();
      },
    };
    const job: Job = { snapshot, controller, finished: Promise.resolve(), endedAt: 0 };
    // The work starts on the next turn, so the caller gets the job id before any progress.
    job.finished = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => work(context))
      .then(
        (result) => this.end(job, 'done', { result }),
        (error: unknown) => {
          if (error instanceof JobFailedWithResult) return this.end(job, 'failed', { result: error.result, error: error.failure.toApiError() });
          if (controller.signal.aborted) return this.end(job, 'cancelled', {});
          if (error instanceof ApiFailure) return this.end(job, 'failed', { error: error.toApiError() });
          this.log(`${spec.kind} job failed`, error);
          return this.end(job, 'failed', { error: { code: 'internal', message: `${spec.label} failed unexpectedly; see the application log` } });
        },
      );
    this.jobs.set(jobId, job);
    return this.copy(snapshot);
  }

  status(jobId: string): JobSnapshot {
    return this.copy(this.get(jobId).snapshot);
  }

  /** Asks a running job to stop; a finished job is reported as it is. */
  cancel(jobId: string): JobSnapshot {
    const job = this.get(jobId);
    if (job.snapshot.state === 'running') {
      job.snapshot.cancelRequested = true;
      job.controller.abort();
    }
    return this.copy(job.snapshot);
  }

  /** The result of a finished job; a failed job's error is thrown as the ApiFailure it was. */
  result(jobId: string): unknown {
    const { snapshot } = this.get(jobId);
    if (snapshot.state === 'running') throw new ApiFailure('bad_request', `${snapshot.label} is still running`);
    if (snapshot.state === 'cancelled') throw new ApiFailure('bad_request', `${snapshot.label} was cancelled; it has no result`);
    if (snapshot.error) throw new ApiFailure(snapshot.error.code, snapshot.error.message, snapshot.error.issues);
    return snapshot.result;
  }

  async wait(jobId: string, timeoutMs: number): Promise<JobSnapshot> {
    const job = this.get(jobId);
    if (job.snapshot.state === 'running' && timeoutMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([job.finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    }
    return this.copy(job.snapshot);
  }

  list(): JobSnapshot[] {
    this.prune();
    return [...this.jobs.values()].map((j) => this.copy(j.snapshot)).sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  /** Cancels every running job and waits for them to stop (used on lock and in tests). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.snapshot.state === 'running');
    for (const job of running) job.controller.abort();
    await Promise.all(running.map((j) => j.finished));
  }

  private end(job: Job, state: Exclude<JobState, 'running'>, outcome: { result?: unknown; error?: ApiError }): void {
    const s = job.snapshot;
    s.state = state;
    s.phase = 'finished';
    s.finishedAt = new Date().toISOString();
    if (outcome.result !== undefined) s.result = outcome.result;
    if (outcome.error) s.error = outcome.error;
    job.endedAt = Date.now();
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiFailure('not_found', `No job ${jobId} (finished jobs are forgotten after 30 minutes)`);
    return job;
  }

  private prune(): void {
    const now = Date.now();
    const finished = [...this.jobs.values()].filter((j) => j.snapshot.state !== 'running').sort((a, b) => a.endedAt - b.endedAt);
    finished.forEach((job, index) => {
      if (now - job.endedAt > KEEP_FINISHED_MS || finished.length - index > MAX_FINISHED) this.jobs.delete(job.snapshot.jobId);
    });
  }

  private copy(snapshot: JobSnapshot): JobSnapshot {
    return { ...snapshot };
  }
}

const runners = new WeakMap<object, JobRunner>();

/** The one job runner of a vault (of its owner object), created on first use. */
export function jobsFor(owner: object): JobRunner {
  let runner = runners.get(owner);
  if (!runner) {
    runner = new JobRunner();
    runners.set(owner, runner);
  }
  return runner;
}

import { describe, expect, it } from 'vitest';
import { JobFailedWithResult, JobRunner } from '../../../../electron/core/jobs/job-runner';
import { ApiFailure } from '../../../../shared/api/errors';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('job runner', () => {
  it('returns at once, reports progress, and keeps the result', async () => {
    const jobs = new JobRunner();
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = jobs.start({ kind: 'test', caseId: 'c', label: 'Testing', total: 10 }, async (job) => {
      job.progress({ phase: 'reading', done: 4 });
      await gate;
      return { answer: 42 };
    });
    expect(started).toMatchObject({ state: 'running', phase: 'queued', done: 0, total: 10, label: 'Testing' });
    await tick();
    expect(jobs.status(started.jobId)).toMatchObject({ state: 'running', phase: 'reading', done: 4 });
    expect(await jobs.wait(started.jobId, 10)).toMatchObject({ state: 'running' });
    expect(() => jobs.result(started.jobId)).toThrow(/still running/);
    release();
    expect(await jobs.wait(started.jobId, 5000)).toMatchObject({ state: 'done', phase: 'finished', result: { answer: 42 } });
    expect(jobs.result(started.jobId)).toEqual({ answer: 42 });
    expect(jobs.list().map((j) => j.jobId)).toEqual([started.jobId]);
  });

  it('cancels through the signal; a finished job stays as it was', async () => {
    const jobs = new JobRunner();
    const job = jobs.start({ kind: 'test', caseId: 'c', label: 'Looping' }, async (context) => {
      for (;;) {
        context.throwIfCancelled();
        await tick();
      }
    });
    await tick();
    expect(jobs.cancel(job.jobId)).toMatchObject({ state: 'running', cancelRequested: true });
    expect(await jobs.wait(job.jobId, 5000)).toMatchObject({ state: 'cancelled' });
    expect(jobs.cancel(job.jobId)).toMatchObject({ state: 'cancelled' });
    expect(() => jobs.result(job.jobId)).toThrow(/cancelled/);
  });

  it('reports failures as API errors, never as stack traces', async () => {
    const logged: string[] = [];
    const jobs = new JobRunner({ log: (message) => logged.push(message) });
    const refused = jobs.start({ kind: 'test', caseId: 'c', label: 'Refused' }, async () => {
      throw new ApiFailure('io', 'The disk is full');
    });
    const broken = jobs.start({ kind: 'test', caseId: 'c', label: 'Broken' }, async () => {
      throw new TypeError('x is undefined');
    });
    const damaged = jobs.start({ kind: 'test', caseId: 'c', label: 'Checked' }, async () => {
      throw new JobFailedWithResult(new ApiFailure('damaged', '1 file failed'), { failed: 1 });
    });
    expect(await jobs.wait(refused.jobId, 5000)).toMatchObject({ state: 'failed', error: { code: 'io', message: 'The disk is full' } });
    expect(await jobs.wait(broken.jobId, 5000)).toMatchObject({ state: 'failed', error: { code: 'internal', message: 'Broken failed unexpectedly; see the application log' } });
    expect(await jobs.wait(damaged.jobId, 5000)).toMatchObject({ state: 'failed', error: { code: 'damaged' }, result: { failed: 1 } });
    expect(() => jobs.result(damaged.jobId)).toThrow(ApiFailure);
    expect(logged).toEqual(['test job failed']);
    expect(() => jobs.status('nope')).toThrow(/No job nope/);
  });

  it('cancels everything that runs', async () => {
    const jobs = new JobRunner();
    const work = async (context: { signal: AbortSignal }) => new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('stopped'))));
    const a = jobs.start({ kind: 'test', caseId: 'c', label: 'A' }, work);
    const b = jobs.start({ kind: 'test', caseId: 'c', label: 'B' }, work);
    await tick();
    await jobs.cancelAll();
    expect([jobs.status(a.jobId).state, jobs.status(b.jobId).state]).toEqual(['cancelled', 'cancelled']);
  });
});

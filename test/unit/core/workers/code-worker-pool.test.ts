import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodeWorkerPool } from '../../../../electron/core/workers/code-worker-pool';

describe('the code worker pool', () => {
  afterEach(() => vi.useRealTimers());

  it('runs jobs on workers, ends a worker idle for a second, and starts one again for the next job', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = new CodeWorkerPool<number, number>('(n) => n * 2', 2, 'Doubling failed');
    expect(await Promise.all([pool.run(1), pool.run(2), pool.run(3)])).toEqual([2, 4, 6]);
    expect(pool.workers).toBe(2);
    vi.advanceTimersByTime(999);
    expect(pool.workers).toBe(2);
    vi.advanceTimersByTime(1);
    expect(pool.workers).toBe(0);
    expect(await pool.run(21)).toBe(42);
    expect(pool.workers).toBe(1);
  });

  it('a job that comes within the second keeps the worker', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = new CodeWorkerPool<number, number>('(n) => n + 1', 1, 'Adding failed');
    expect(await pool.run(1)).toBe(2);
    vi.advanceTimersByTime(900);
    expect(await pool.run(2)).toBe(3);
    vi.advanceTimersByTime(900);
    expect(pool.workers).toBe(1);
    vi.advanceTimersByTime(100);
    expect(pool.workers).toBe(0);
  });

  it('a job that throws is refused with the pool\'s words; the worker goes on', async () => {
    const pool = new CodeWorkerPool<number, number>('(n) => { if (n < 0) throw new Error("negative"); return n; }', 1, 'Checking failed');
    await expect(pool.run(-1)).rejects.toThrow('Checking failed: negative');
    expect(await pool.run(5)).toBe(5);
  });
});

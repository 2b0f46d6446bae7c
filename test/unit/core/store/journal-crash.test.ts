import { describe, expect, it } from 'vitest';
import { runCrashCycles } from './fixtures/crash-harness';

describe('journal under SIGKILL', () => {
  it('keeps every acknowledged record across 20 forced kills', async () => {
    const report = await runCrashCycles({ cycles: 20 });
    expect(report.problems).toEqual([]);
    expect(report.openFailures).toBe(0);
    expect(report.lost).toBe(0);
    // The kills must land while appending, or the test proves nothing.
    expect(report.acknowledged).toBeGreaterThan(20);
    expect(report.records).toBeGreaterThanOrEqual(report.acknowledged);
  }, 25_000);
});

describe('journal under SIGKILL with large records', () => {
  it('recovers when a kill tears a multi-megabyte write', async ({ annotate }) => {
    // Kills land inside write() only when a record spans many pages; this is where torn tails get cut for real.
    const report = await runCrashCycles({ cycles: 8, payloadBytes: 4 * 1024 * 1024, maxDelayMs: 120 });
    await annotate(`${report.tornTails} torn tails in ${report.cycles} kills, ${report.acknowledged} records acknowledged`);
    expect(report.problems).toEqual([]);
    expect(report.openFailures).toBe(0);
    expect(report.lost).toBe(0);
  }, 25_000);
});

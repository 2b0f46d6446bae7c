import { describe, expect, it } from 'vitest';
import { runVaultCrashCycles } from './fixtures/vault-crash-harness';

describe('vault under SIGKILL', () => {
  it('opens after every kill with every acknowledged case and event', async () => {
    const report = await runVaultCrashCycles({ cycles: 15 });
    expect(report.problems).toEqual([]);
    expect(report.openFailures).toBe(0);
    expect(report.lost).toBe(0);
    // The kills must land while writing, or the test proves nothing.
    expect(report.acknowledged).toBeGreaterThan(15);
    expect(report.cases).toBeGreaterThan(1);
  }, 60_000);
});

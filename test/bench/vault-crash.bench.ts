import { runVaultCrashCycles } from '../unit/core/vault/fixtures/vault-crash-harness';

export const benchmarks = ['vault.crash.lost_events'];

/**
 * 200 cycles of: a child records cases and notes through the vault as fast as
 * it can, is SIGKILLed at a random moment, and the vault is unlocked again and
 * checked. `value` counts acknowledged events missing afterwards (target 0).
 */
export async function run(): Promise<Array<{ name: string; value: number; unit: string; [k: string]: unknown }>> {
  const cycles = 200;
  const report = await runVaultCrashCycles({ cycles });
  return [
    {
      name: 'vault.crash.lost_events',
      value: report.lost,
      unit: 'events',
      target: 0,
      cycles,
      acknowledged: report.acknowledged,
      openFailures: report.openFailures,
      cases: report.cases,
      problems: report.problems.slice(0, 5),
    },
  ];
}

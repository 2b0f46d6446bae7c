/** Progress of a checklist run, per phase of the process map and overall. */
import type { ChecklistStatus } from './checklist-events';
import { phaseLabels, type PhaseId, type Playbook } from './model';
import { phasesOf } from './walk';

export type ProgressCount = {
  /** Steps that count: on the branches taken, not in an earlier pass of a repeat. */
  total: number;
  done: number;
  skipped: number;
  notApplicable: number;
  blocked: number;
  open: number;
  /** done + skipped + not applicable */
  complete: number;
  /** complete / total, 0–100, rounded down (100 only when all are complete). */
  percent: number;
};

export type PhaseProgress = ProgressCount & { phase: PhaseId; label: string };
export type RunProgress = { phases: PhaseProgress[]; overall: ProgressCount };

type Counted = { phase: PhaseId; status: ChecklistStatus; counts: boolean };

function count(items: readonly Counted[]): ProgressCount {
  const c = { total: 0, done: 0, skipped: 0, notApplicable: 0, blocked: 0, open: 0 };
  for (const item of items) {
    if (!item.counts) continue;
    c.total += 1;
    if (item.status === 'done') c.done += 1;
    else if (item.status === 'skipped') c.skipped += 1;
    else if (item.status === 'not-applicable') c.notApplicable += 1;
    else if (item.status === 'blocked') c.blocked += 1;
    else c.open += 1;
  }
  const complete = c.done + c.skipped + c.notApplicable;
  return { ...c, complete, percent: c.total === 0 ? 100 : Math.floor((100 * complete) / c.total) };
}

/** Every phase the playbook uses, in process-map order, even when none of its steps counts yet. */
export function progressOf(playbook: Playbook, items: readonly Counted[]): RunProgress {
  const byPhase = new Map<PhaseId, Counted[]>();
  for (const item of items) {
    const list = byPhase.get(item.phase);
    if (list) list.push(item);
    else byPhase.set(item.phase, [item]);
  }
  const phases = phasesOf(playbook).map((phase) => ({ phase, label: phaseLabels[phase], ...count(byPhase.get(phase) ?? []) }));
  return { phases, overall: count(items) };
}

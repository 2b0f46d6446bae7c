/**
 * Checklist work as timeline entries (issue 16 item 5): a step done or
 * blocked, or a question answered, is something that happened in the
 * incident at a time, by someone; the timeline shows it, marked as coming
 * from the checklist, beside the entries written by hand.
 */
import type { ChecklistRun } from './checklist-fold';

export type ChecklistTimelineEntry = {
  /** The event that made the change (unique in the case). */
  id: string;
  at: string;
  actor: string;
  /** The checklist it comes from. */
  run: string;
  text: string;
};

const said = { done: 'Done', blocked: 'Blocked' } as const;

export function checklistTimeline(runs: readonly ChecklistRun[]): ChecklistTimelineEntry[] {
  const entries: ChecklistTimelineEntry[] = [];
  for (const run of runs) {
    if (run.detached) continue;
    for (const item of run.items) {
      if (!item.active) continue;
      const answer = item.decision?.taken !== undefined ? item.decision.branches.find((b) => b.key === item.decision?.taken)?.label : undefined;
      if (item.decision?.changed && answer !== undefined) {
        entries.push({ id: item.decision.changed.eventId, at: item.decision.changed.at, actor: item.decision.changed.actor, run: run.title, text: `${item.title} — ${answer}` });
      } else if (item.changed && (item.status === 'done' || item.status === 'blocked')) {
        const detail = item.status === 'blocked' ? item.reason : item.note;
        const pass = item.iteration > 0 ? ` (pass ${item.iteration + 1})` : '';
        entries.push({ id: item.changed.eventId, at: item.changed.at, actor: item.changed.actor, run: run.title, text: `${said[item.status]}: ${item.title}${pass}${detail ? ` — ${detail}` : ''}` });
      }
    }
  }
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
}

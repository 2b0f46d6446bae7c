/**
 * One line of plain language per checklist event, for the case history
 * (called from shared/events/describe.ts).
 */
import { assertNever } from '../api/errors';
import type { CaseEventOf } from '../events/event';
import type { ChecklistStatus } from './checklist-events';

export type ChecklistEventType = 'playbook.attached' | 'checklist.step.set' | 'checklist.decision';

const MAX_QUOTE = 120;

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE - 1)}…` : line}”`;
}

export const statusLabels: Record<ChecklistStatus, string> = {
  open: 'open',
  done: 'done',
  skipped: 'skipped',
  blocked: 'blocked',
  'not-applicable': 'not applicable',
};

const pass = (iteration: number | undefined) => (iteration ? ` (pass ${iteration + 1})` : '');

export function describeChecklistEvent(event: CaseEventOf<ChecklistEventType>): string {
  switch (event.type) {
    case 'playbook.attached':
      return `Attached the playbook ${quote(event.payload.title)} (version ${event.payload.version})`;
    case 'checklist.step.set': {
      const p = event.payload;
      const reason = p.reason ? `: ${quote(p.reason)}` : '';
      return `Marked the step ${quote(p.stepTitle)}${pass(p.iteration)} as ${statusLabels[p.status]}${reason}`;
    }
    case 'checklist.decision':
      return `Decided ${quote(event.payload.stepTitle)}${pass(event.payload.iteration)}: ${quote(event.payload.branchLabel)}`;
    default:
      return assertNever(event);
  }
}

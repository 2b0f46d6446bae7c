/**
 * One line of plain language per event, for the case history. Pure, so the
 * CLI, the renderer and reports say the same thing about the same event.
 */
import { categoryLabel } from '../domain/taxonomy';
import type { CaseEvent, CaseField, CaseFieldValues } from './event';
import { assertNever } from '../api/errors';
import { describeEvidenceEvent } from '../evidence/describe';
import { describeChecklistEvent } from '../playbooks/describe';

const fieldNames: Record<CaseField, string> = {
  title: 'title',
  category: 'category',
  priority: 'priority',
  status: 'status',
  site: 'site',
  constituency: 'constituency',
  reporter: 'reporter',
  summary: 'summary',
  assignees: 'assignees',
};

const MAX_QUOTE = 160;

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE - 1)}…` : line}”`;
}

export function describeFieldValue<F extends CaseField>(field: F, value: CaseFieldValues[F]): string {
  if (field === 'category') return categoryLabel(value as CaseFieldValues['category']);
  if (Array.isArray(value)) return value.length === 0 ? 'nobody' : value.join(', ');
  if (value === '') return '(empty)';
  return field === 'summary' || field === 'title' ? quote(String(value)) : String(value);
}

export function describeEvent(event: CaseEvent): string {
  switch (event.type) {
    case 'case.opened':
      return `Opened the case ${quote(event.payload.title)} (${categoryLabel(event.payload.category)}, ${event.payload.priority} priority)`;
    case 'case.field.set': {
      const { field, value } = event.payload;
      return `Set ${fieldNames[field]} to ${describeFieldValue(field, value)}`;
    }
    case 'note.added':
      return `Added a note: ${quote(event.payload.text)}`;
    case 'note.edited':
      return `Edited a note: ${quote(event.payload.text)}`;
    case 'timeline.added':
      return `Added to the timeline (${event.payload.at}): ${quote(event.payload.text)}`;
    case 'timeline.edited':
      return `Edited a timeline entry (${event.payload.at}): ${quote(event.payload.text)}`;
    case 'entry.retracted':
      return `Retracted an entry: ${quote(event.payload.reason)}`;
    case 'evidence.registered':
    case 'evidence.updated':
    case 'evidence.file.attached':
    case 'custody.transferred':
    case 'evidence.accessed':
    case 'evidence.verified':
    case 'evidence.exported':
    case 'evidence.intake.stopped':
    case 'record.added':
    case 'record.updated':
    case 'records.imported':
      return describeEvidenceEvent(event);
    case 'playbook.attached':
    case 'checklist.step.set':
    case 'checklist.decision':
      return describeChecklistEvent(event);
    default:
      return assertNever(event);
  }
}

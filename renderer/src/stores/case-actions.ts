/**
 * The commands that change a case. Each names, in `supersedes`, every write
 * the user could see as current (all heads of the register), so that saving
 * also settles a conflict on that field, note or entry.
 */
import type { Input } from '../../../shared/api/contract';
import type { CaseField, CaseFieldValues } from '../../../shared/events/event';
import type { NoteState, TimelineEntryState } from '../../../shared/events/fold';
import { api } from '../api/client';
import { useCaseStore, type CaseDetail } from './case-store';

const apply = (command: () => Promise<CaseDetail>) => useCaseStore.getState().apply(command);

type FieldChange = Input<'case.setField'>['change'];

export function setCaseField<F extends CaseField>(state: CaseDetail, field: F, value: CaseFieldValues[F]): Promise<CaseDetail> {
  // TypeScript cannot narrow the discriminated union from a generic F; the pair is right by construction.
  const change = { field, value, supersedes: state.fieldHeads[field] } as FieldChange;
  return apply(() => api.send('case.setField', { caseId: state.id, change }));
}

export function addNote(caseId: string, text: string): Promise<CaseDetail> {
  return apply(() => api.send('note.add', { caseId, text }));
}

export function editNote(caseId: string, note: NoteState, text: string): Promise<CaseDetail> {
  return apply(() => api.send('note.edit', { caseId, noteId: note.id, text, supersedes: note.heads }));
}

export function addTimelineEntry(caseId: string, at: string, text: string): Promise<CaseDetail> {
  return apply(() => api.send('timeline.add', { caseId, at, text }));
}

export function editTimelineEntry(caseId: string, entry: TimelineEntryState, at: string, text: string): Promise<CaseDetail> {
  return apply(() => api.send('timeline.edit', { caseId, entryId: entry.id, at, text, supersedes: entry.heads }));
}

export function retractEntry(caseId: string, target: string, reason: string): Promise<CaseDetail> {
  return apply(() => api.send('entry.retract', { caseId, target, reason }));
}

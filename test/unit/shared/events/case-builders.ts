/** Builders of hand-made case events for the fold scenarios, on a fixed clock. */
import type { CaseEvent, CaseField, CaseFieldValues, PayloadOf } from '../../../../shared/events/event';
import { foldCase } from '../../../../shared/events/fold';
import { formatHlc } from '../../../../shared/events/hlc';
import { CASE_ID, deviceId, makeEvent, uuidSource } from './support';

export const T = Date.UTC(2026, 10, 23, 13, 0, 0);
export const A = deviceId(0xa1);
export const B = deviceId(0xb2);
export const C = deviceId(0xc3);
export const hlc = (ms: number, counter = 0) => formatHlc({ wall: T + ms, counter });
export const iso = (ms: number) => new Date(T + ms).toISOString();

export const nextId = uuidSource(0xf0);

export function opened(device = A, ms = 0, payload: Partial<PayloadOf<'case.opened'>> = {}, caseId = CASE_ID) {
  return makeEvent({
    id: nextId(),
    caseId,
    device,
    actor: device === A ? 'Ann' : 'Bea',
    hlc: hlc(ms),
    type: 'case.opened',
    payload: { title: 'Phishing wave', category: 'fraud', priority: 'medium', status: 'new', site: 'HQ', ...payload },
  });
}

export function set<F extends CaseField>(device: string, ms: number, field: F, value: CaseFieldValues[F], supersedes: CaseEvent[], counter = 0) {
  return makeEvent({
    id: nextId(),
    device,
    hlc: hlc(ms, counter),
    type: 'case.field.set',
    payload: { field, value, supersedes: supersedes.map((e) => e.id) } as PayloadOf<'case.field.set'>,
  });
}

export function note(device: string, ms: number, noteId: string, text: string) {
  return makeEvent({ id: nextId(), device, hlc: hlc(ms), type: 'note.added', payload: { noteId, text } });
}

export function editNote(device: string, ms: number, noteId: string, text: string, supersedes: CaseEvent[]) {
  const payload = { noteId, text, supersedes: supersedes.map((e) => e.id) };
  return makeEvent({ id: nextId(), device, hlc: hlc(ms), type: 'note.edited', payload });
}

export function entry(device: string, ms: number, entryId: string, at: string, text: string) {
  return makeEvent({ id: nextId(), device, hlc: hlc(ms), type: 'timeline.added', payload: { entryId, at, text } });
}

export function editEntry(device: string, ms: number, entryId: string, at: string, text: string, supersedes: CaseEvent[]) {
  const payload = { entryId, at, text, supersedes: supersedes.map((e) => e.id) };
  return makeEvent({ id: nextId(), device, hlc: hlc(ms), type: 'timeline.edited', payload });
}

export function retract(device: string, ms: number, target: string, reason: string) {
  return makeEvent({ id: nextId(), device, actor: 'Cy', hlc: hlc(ms), type: 'entry.retracted', payload: { target, reason } });
}

export function fold(events: CaseEvent[]) {
  const state = foldCase(events);
  if (!state) throw new Error('expected a case');
  return state;
}

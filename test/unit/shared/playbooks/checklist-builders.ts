/** Hand-made checklist events on a fixed clock, from simulated devices. */
import type { CaseEvent, PayloadOf } from '../../../../shared/events/event';
import { formatHlc } from '../../../../shared/events/hlc';
import type { ChecklistStatus } from '../../../../shared/playbooks/checklist-events';
import { builtinPlaybook } from '../../../../shared/playbooks/library/index';
import type { Playbook } from '../../../../shared/playbooks/model';
import { deviceId, makeEvent, uuidSource } from '../events/support';

export const T = Date.UTC(2026, 10, 23, 9, 0, 0);
export const A = deviceId(0xa1);
export const B = deviceId(0xb2);
export const RUN = '5e1ec7ed-0000-4000-8000-000000000001';
export const hlc = (ms: number, counter = 0) => formatHlc({ wall: T + ms, counter });
const nextId = uuidSource(0xc4);

export function builtin(id: string): Playbook {
  const p = builtinPlaybook(id);
  if (!p) throw new Error(`no ${id}`);
  return p;
}

export function attach(playbook: Playbook, device = A, ms = 0, runId = RUN) {
  const payload: PayloadOf<'playbook.attached'> = { runId, playbookId: playbook.id, version: playbook.version, title: playbook.title, snapshot: playbook };
  return makeEvent({ id: nextId(), device, actor: device === A ? 'Ann' : 'Bea', hlc: hlc(ms), type: 'playbook.attached', payload });
}

type StepOptions = { reason?: string; note?: string; iteration?: number; supersedes?: CaseEvent[]; counter?: number; runId?: string };

export function setStep(device: string, ms: number, stepId: string, status: ChecklistStatus, o: StepOptions = {}) {
  const payload: PayloadOf<'checklist.step.set'> = {
    runId: o.runId ?? RUN,
    stepId,
    stepTitle: stepId,
    status,
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    ...(o.note !== undefined ? { note: o.note } : {}),
    ...(o.iteration !== undefined ? { iteration: o.iteration } : {}),
    supersedes: (o.supersedes ?? []).map((e) => e.id),
  };
  return makeEvent({ id: nextId(), device, actor: device === A ? 'Ann' : 'Bea', hlc: hlc(ms, o.counter ?? 0), type: 'checklist.step.set', payload });
}

export function decide(device: string, ms: number, stepId: string, branch: string, o: StepOptions = {}) {
  const payload: PayloadOf<'checklist.decision'> = {
    runId: o.runId ?? RUN,
    stepId,
    stepTitle: stepId,
    branch,
    branchLabel: branch,
    ...(o.iteration !== undefined ? { iteration: o.iteration } : {}),
    supersedes: (o.supersedes ?? []).map((e) => e.id),
  };
  return makeEvent({ id: nextId(), device, actor: device === A ? 'Ann' : 'Bea', hlc: hlc(ms, o.counter ?? 0), type: 'checklist.decision', payload });
}

export function detach(device: string, ms: number, reason: string, runId = RUN) {
  return makeEvent({ id: nextId(), device, hlc: hlc(ms), type: 'entry.retracted', payload: { target: runId, reason } });
}

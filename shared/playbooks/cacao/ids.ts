/**
 * CACAO identifiers of a playbook. Shared code has no random source, so the
 * caller passes one (node:crypto's randomUUID in the core); built-in
 * playbooks carry constant ids written in their library files.
 */
import type { Playbook, PlaybookCacao, Step, Tail } from '../model';
import { visitSteps } from '../walk';
import { cacaoTypeOf, OUTPOST_IDENTITY } from './common';

/** The Outpost id a CACAO playbook gets when its Outpost extension names none. */
export function localIdFor(cacaoId: string): string {
  return `local.${cacaoId.slice(cacaoId.indexOf('--') + 2).toLowerCase()}`;
}

/**
 * Gives every part of a playbook that has no CACAO id one: the playbook, its
 * start and end, each step, the end of each new branch, and a group agent
 * for each role. Ids already there are kept, so a saved playbook keeps them
 * from version to version. Returns a new playbook.
 */
export function assignCacaoIds(playbook: Playbook, uuid: () => string, now: string): Playbook {
  const copy = JSON.parse(JSON.stringify(playbook)) as Playbook;
  const fresh = !copy.cacao;
  const cacao: PlaybookCacao = copy.cacao ?? { id: `playbook--${uuid()}`, created: now, modified: now, createdBy: OUTPOST_IDENTITY };
  copy.cacao = cacao;
  if (fresh) cacao.start = { id: `start--${uuid()}` };
  if (!cacao.tail && (fresh || copy.steps.some((s) => !s.cacao))) cacao.tail = { end: { id: `end--${uuid()}` } };

  const endOf = (tail: Tail | undefined, steps: readonly Step[], owner: Step): Tail | undefined => {
    if (tail) return tail;
    // A branch written in Outpost ends in an end step, as CACAO expects; an imported one stays as it came.
    const isNew = steps.length === 0 ? !owner.cacao : !steps[steps.length - 1]?.cacao;
    return isNew ? { end: { id: `end--${uuid()}` } } : undefined;
  };
  // Ends first, while `cacao` still tells new steps from old ones.
  for (const { step } of visitSteps(copy.steps)) {
    if (step.kind === 'decision' || step.kind === 'parallel') {
      for (const branch of step.branches) {
        const tail = endOf(branch.tail, branch.steps, step);
        if (tail) branch.tail = tail;
      }
    } else if (step.kind === 'repeat') {
      const tail = endOf(step.tail, step.steps, step);
      if (tail) step.tail = tail;
    }
  }
  const agents = new Map((cacao.agents ?? []).map((a) => [a.role, a.id]));
  for (const { step } of visitSteps(copy.steps)) {
    step.cacao ??= { id: `${cacaoTypeOf(step)}--${uuid()}` };
    if (step.kind === 'task' && step.role !== undefined && !agents.has(step.role) && step.cacao.extra?.['agent'] === undefined) {
      agents.set(step.role, `group--${uuid()}`);
    }
  }
  if (agents.size > 0) cacao.agents = [...agents].map(([role, id]) => ({ role, id }));
  return copy;
}

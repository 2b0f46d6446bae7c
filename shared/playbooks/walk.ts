/** Walking the nested steps of a playbook in checklist order (depth first, branches in order). */
import { phaseIds, type PhaseId, type Playbook, type Step } from './model';

export type StepVisit = {
  step: Step;
  depth: number;
  /** The decision, parallel or repeat step this one sits in, and which branch. */
  parent?: { stepId: string; branch?: string };
  /** Ids of every repeat step around this one, outermost first. */
  repeats: string[];
};

/** Every step in checklist order. Iterative, so a deeply nested playbook cannot overflow the stack. */
export function visitSteps(steps: readonly Step[]): StepVisit[] {
  const out: StepVisit[] = [];
  type Frame = { steps: readonly Step[]; index: number; depth: number; parent?: StepVisit['parent']; repeats: string[] };
  const stack: Frame[] = [{ steps, index: 0, depth: 0, repeats: [] }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const step = frame.steps[frame.index];
    if (!step) {
      stack.pop();
      continue;
    }
    frame.index += 1;
    out.push({ step, depth: frame.depth, ...(frame.parent ? { parent: frame.parent } : {}), repeats: frame.repeats });
    const children = childSequences(step);
    const repeats = step.kind === 'repeat' ? [...frame.repeats, step.id] : frame.repeats;
    // Pushed in reverse so that the first branch is walked first.
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i] as { steps: readonly Step[]; branch?: string };
      const parent = child.branch === undefined ? { stepId: step.id } : { stepId: step.id, branch: child.branch };
      stack.push({ steps: child.steps, index: 0, depth: frame.depth + 1, parent, repeats });
    }
  }
  return out;
}

/** The nested sequences of a step, with the branch key each one stands for. */
export function childSequences(step: Step): Array<{ steps: readonly Step[]; branch?: string }> {
  switch (step.kind) {
    case 'decision':
      return step.branches.map((b) => ({ steps: b.steps, branch: b.key }));
    case 'parallel':
      return step.branches.map((b, i) => ({ steps: b.steps, branch: String(i) }));
    case 'repeat':
      return [{ steps: step.steps }];
    case 'task':
    case 'playbook':
      return [];
  }
}

export function findStep(playbook: Playbook, stepId: string): StepVisit | undefined {
  return visitSteps(playbook.steps).find((v) => v.step.id === stepId);
}

export function countSteps(playbook: Playbook): number {
  return visitSteps(playbook.steps).length;
}

/** The phases a playbook uses, in the order of the process map. */
export function phasesOf(playbook: Playbook): PhaseId[] {
  const used = new Set(visitSteps(playbook.steps).map((v) => v.step.phase));
  return phaseIds.filter((p) => used.has(p));
}

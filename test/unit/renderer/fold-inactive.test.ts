import { describe, expect, it } from 'vitest';
import { foldInactive } from '../../../renderer/src/components/playbooks/fold-inactive';
import type { ChecklistItem } from '../../../shared/playbooks/checklist-fold';

const item = (stepId: string, depth: number, active: boolean, parent?: ChecklistItem['parent'], decision?: ChecklistItem['decision']): ChecklistItem => ({
  stepId,
  kind: decision ? 'decision' : 'task',
  title: stepId,
  phase: 'verify',
  depth,
  iteration: 0,
  active,
  counts: active,
  step: {},
  status: 'open',
  links: [],
  heads: [],
  ...(parent ? { parent } : {}),
  ...(decision ? { decision } : {}),
});

const branches = [
  { key: 'yes', label: 'Yes' },
  { key: 'no', label: 'No' },
  { key: 'maybe', label: 'Not sure' },
];

describe('foldInactive', () => {
  it('folds every branch of an unanswered decision into one line', () => {
    const segments = foldInactive([
      item('ask', 0, true, undefined, { branches, heads: [] }),
      item('y1', 1, false, { stepId: 'ask', branch: 'yes' }),
      item('y2', 2, false, { stepId: 'y1' }),
      item('n1', 1, false, { stepId: 'ask', branch: 'no' }),
      item('after', 0, true),
    ]);
    expect(segments.map((s) => (s.kind === 'fold' ? `fold:${s.label}:${s.items.map((i) => i.stepId).join(',')}` : s.item.stepId))).toEqual(['ask', 'fold:3 steps, depending on the answer:y1,y2,n1', 'after']);
  });

  it('names the one answer not given, or says "the other answers", around the branch taken', () => {
    const two = foldInactive([item('ask', 0, true, undefined, { branches: branches.slice(0, 2), taken: 'yes', heads: [] }), item('y1', 1, true, { stepId: 'ask', branch: 'yes' }), item('n1', 1, false, { stepId: 'ask', branch: 'no' })]);
    expect(two.map((s) => (s.kind === 'fold' ? s.label : s.item.stepId))).toEqual(['ask', 'y1', '1 step for “No”, not the answer given']);
    const three = foldInactive([
      item('ask', 0, true, undefined, { branches, taken: 'yes', heads: [] }),
      item('y1', 1, true, { stepId: 'ask', branch: 'yes' }),
      item('n1', 1, false, { stepId: 'ask', branch: 'no' }),
      item('m1', 1, false, { stepId: 'ask', branch: 'maybe' }),
    ]);
    expect(three.map((s) => (s.kind === 'fold' ? s.label : s.item.stepId))).toEqual(['ask', 'y1', '2 steps for the other answers']);
  });

  it('leaves a checklist without inactive steps as it is', () => {
    const items = [item('a', 0, true), item('b', 0, true)];
    expect(foldInactive(items)).toEqual(items.map((i) => ({ kind: 'item', item: i })));
  });
});

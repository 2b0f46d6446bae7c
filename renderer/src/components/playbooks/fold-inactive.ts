import type { ChecklistItem } from '../../../../shared/playbooks/checklist-fold';

export type Segment = { kind: 'item'; item: ChecklistItem } | { kind: 'fold'; key: string; items: ChecklistItem[]; label: string };

/**
 * Cuts a checklist into the steps to show and folds of steps that are not on
 * the path (issue 16 item 13): one fold for the branches of a decision that
 * are not (or not yet) taken, or for the inner steps of a step that does not
 * apply, so what is left reads as the plan.
 */
export function foldInactive(items: readonly ChecklistItem[]): Segment[] {
  const decisions = new Map(items.filter((i) => i.decision).map((i) => [`${i.stepId}:${i.iteration}`, i]));
  const segments: Segment[] = [];
  let fold: { depth: number; segment: Extract<Segment, { kind: 'fold' }> } | null = null;
  for (const item of items) {
    if (item.active) {
      fold = null;
      segments.push({ kind: 'item', item });
      continue;
    }
    // A deeper step belongs to the fold it is inside; a step of another group at the same depth starts its own.
    const startsOwn = fold === null || item.depth < fold.depth || (item.depth === fold.depth && !sameGroup(item, fold.segment.items[0]));
    if (startsOwn) {
      const segment = { kind: 'fold' as const, key: `${item.stepId}:${item.iteration}`, items: [item], label: '' };
      fold = { depth: item.depth, segment };
      segments.push(segment);
    } else fold?.segment.items.push(item);
  }
  for (const segment of segments) if (segment.kind === 'fold') segment.label = labelOf(segment.items, decisions);
  return segments;
}

function labelOf(items: readonly ChecklistItem[], decisions: ReadonlyMap<string, ChecklistItem>): string {
  const steps = items.length === 1 ? '1 step' : `${items.length} steps`;
  const parent = items[0]?.parent;
  const decision = parent ? decisions.get(`${parent.stepId}:${items[0]?.iteration ?? 0}`)?.decision : undefined;
  if (decision) {
    if (decision.taken === undefined) return `${steps}, depending on the answer`;
    const others = new Set(items.filter((i) => i.parent?.stepId === parent?.stepId).map((i) => i.parent?.branch));
    const only = others.size === 1 ? decision.branches.find((b) => others.has(b.key))?.label : undefined;
    return only !== undefined ? `${steps} for “${only}”, not the answer given` : `${steps} for the other answers`;
  }
  return `${steps} not on the path taken`;
}

/** The branches of one decision (or the steps inside one step) fold together: one line, not one per possible answer. */
function sameGroup(a: ChecklistItem, b: ChecklistItem | undefined): boolean {
  return a.parent?.stepId === b?.parent?.stepId;
}

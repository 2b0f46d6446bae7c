/**
 * The checklists of a case as a pure fold of its events.
 *
 * Like ../events/fold.ts the result depends only on the set of events:
 * duplicates are dropped and everything is ordered by (hlc, device, id)
 * first. Each step of a run (and each pass of a repeated group) is a
 * register written by `checklist.step.set`; each decision a register written
 * by `checklist.decision`. A write names in `supersedes` the writes its author
 * saw; the writes nobody superseded are the heads. The head with the
 * greatest (hlc, device) wins; the other heads with a different value are
 * conflicts, shown with the winner until a write superseding all heads
 * (`heads` of the item) resolves them. So two responders working the same
 * checklist offline merge cleanly, and neither's work disappears.
 *
 * Only the steps on the branches taken count towards progress: a decision's
 * branches count once the branch is chosen, and of a repeated group only the
 * latest pass. Events naming runs or steps that do not exist are ignored.
 */
import { canonicalJson } from '../events/canonical';
import type { CaseEvent, CaseEventOf } from '../events/event';
import { compareEventOrder, inFoldOrder } from '../events/event';
import { hlcToIso } from '../events/hlc';
import type { ChecklistLink, ChecklistStatus } from './checklist-events';
import type { Playbook, PlaybookTarget, Step } from './model';
import { progressOf, type RunProgress } from './progress';
import { visitSteps } from './walk';

/** Who changed something, and when. */
export type Change = { eventId: string; actor: string; device: string; at: string; hlc: string };

export type StepValue = { status: ChecklistStatus; reason?: string; note?: string; links: ChecklistLink[] };

/** What the checklist shows of a step; nested steps are items of their own. */
export type StepDetails = Pick<Step, 'description' | 'role' | 'evidence' | 'optional' | 'notify' | 'escalate'> & {
  instructions?: string;
  mode?: 'if' | 'switch';
  condition?: string;
  target?: PlaybookTarget;
};

export type ChecklistItem = {
  stepId: string;
  kind: Step['kind'];
  title: string;
  phase: Step['phase'];
  depth: number;
  /** The decision, parallel or repeat step it sits in, and the branch key ('0', '1'… for parallel branches). */
  parent?: { stepId: string; branch?: string };
  /** The pass of the repeated group it belongs to; 0 outside repeats. */
  iteration: number;
  /** On the path taken: not under a branch that was not chosen, nor under a skipped or not-applicable step. */
  active: boolean;
  /** Counts towards progress: active, a task, link or decision, and not in an earlier pass of a repeat. */
  counts: boolean;
  step: StepDetails;
  status: ChecklistStatus;
  reason?: string;
  note?: string;
  links: ChecklistLink[];
  /** The last change of the step's state; absent while nobody touched it. */
  changed?: Change;
  /** Set when that change only opened the step for a new pass of its repeat (nothing was reopened). */
  passStarted?: true;
  /** Ids to send as `supersedes` with the next change of this step. */
  heads: string[];
  /** Changes made at the same time on other devices, which lost to `changed`. */
  conflict?: Array<Change & StepValue>;
  decision?: {
    branches: Array<{ key: string; label: string }>;
    taken?: string;
    changed?: Change;
    heads: string[];
    conflict?: Array<Change & { branch: string }>;
  };
  /** For a repeat: how many passes have been started (at least 1). */
  passes?: number;
};

export type ChecklistConflict = { runId: string; stepId: string; iteration: number; kind: 'step' | 'decision'; title: string };

export type ChecklistRun = {
  runId: string;
  playbookId: string;
  version: number;
  title: string;
  attached: Change;
  detached?: Change & { reason: string };
  updatedAt: string;
  /** The playbook as attached: the version this case keeps. */
  playbook: Playbook;
  items: ChecklistItem[];
  progress: RunProgress;
  conflicts: ChecklistConflict[];
};

type Write<V> = { event: CaseEvent; value: V; supersedes: readonly string[] };
type Resolved<V> = { winner: Write<V>; heads: string[]; losers: Write<V>[] };



function resolve<V>(writes: readonly Write<V>[]): Resolved<V> {
  const superseded = new Set<string>();
  for (const w of writes) for (const id of w.supersedes) if (id !== w.event.id) superseded.add(id);
  let heads = writes.filter((w) => !superseded.has(w.event.id));
  // Writes that supersede each other in a circle cannot come from honest devices; keep them all visible.
  if (heads.length === 0) heads = [...writes];
  const winner = heads[heads.length - 1] as Write<V>;
  const shown = canonicalJson(winner.value);
  return { winner, heads: heads.map((w) => w.event.id), losers: heads.filter((w) => w !== winner && canonicalJson(w.value) !== shown) };
}

function change(event: CaseEvent): Change {
  return { eventId: event.id, actor: event.actor, device: event.device, at: hlcToIso(event.hlc), hlc: event.hlc };
}

const key = (runId: string, stepId: string, iteration: number) => `${runId}\u0000${stepId}\u0000${iteration}`;

type Registers = {
  steps: Map<string, Write<StepValue>[]>;
  decisions: Map<string, Write<string>[]>;
  passes: Map<string, number>;
};

function push<V>(map: Map<string, Write<V>[]>, k: string, write: Write<V>): void {
  const list = map.get(k);
  if (list) list.push(write);
  else map.set(k, [write]);
}

export function foldChecklists(input: readonly CaseEvent[]): ChecklistRun[] {
  const events = inFoldOrder(input);
  const attached = new Map<string, CaseEventOf<'playbook.attached'>>();
  const latest = new Map<string, CaseEvent>();
  const retracted = new Map<string, CaseEventOf<'entry.retracted'>>();
  const registers: Registers = { steps: new Map(), decisions: new Map(), passes: new Map() };
  for (const event of events) {
    if (event.type === 'playbook.attached') {
      if (!attached.has(event.payload.runId)) attached.set(event.payload.runId, event);
    } else if (event.type === 'entry.retracted') {
      if (!retracted.has(event.payload.target)) retracted.set(event.payload.target, event);
    } else if (event.type === 'checklist.step.set') {
      const p = event.payload;
      const value: StepValue = { status: p.status, ...(p.reason !== undefined ? { reason: p.reason } : {}), ...(p.note !== undefined ? { note: p.note } : {}), links: p.links ?? [] };
      push(registers.steps, key(p.runId, p.stepId, p.iteration ?? 0), { event, value, supersedes: p.supersedes });
    } else if (event.type === 'checklist.decision') {
      const p = event.payload;
      push(registers.decisions, key(p.runId, p.stepId, p.iteration ?? 0), { event, value: p.branch, supersedes: p.supersedes });
    } else continue;
    const runId = 'runId' in event.payload ? event.payload.runId : event.type === 'entry.retracted' ? event.payload.target : undefined;
    if (runId !== undefined) latest.set(runId, event);
  }
  const runs: ChecklistRun[] = [];
  for (const [runId, event] of attached) runs.push(foldRun(runId, event, registers, retracted.get(runId), latest.get(runId) ?? event));
  return runs;
}

function foldRun(
  runId: string,
  event: CaseEventOf<'playbook.attached'>,
  registers: Registers,
  retraction: CaseEventOf<'entry.retracted'> | undefined,
  latest: CaseEvent,
): ChecklistRun {
  const playbook = event.payload.snapshot;
  const items: ChecklistItem[] = [];
  const conflicts: ChecklistConflict[] = [];
  const passes = passCounts(runId, playbook, registers);

  const walk = (steps: readonly Step[], depth: number, active: boolean, current: boolean, iteration: number, parent?: ChecklistItem['parent']) => {
    for (const step of steps) {
      const item = itemFor(runId, step, depth, iteration, active, current, registers, conflicts);
      if (parent) item.parent = parent;
      items.push(item);
      const open = active && item.status !== 'skipped' && item.status !== 'not-applicable';
      if (step.kind === 'decision') {
        for (const b of step.branches) walk(b.steps, depth + 1, open && item.decision?.taken === b.key, current, iteration, { stepId: step.id, branch: b.key });
      } else if (step.kind === 'parallel') {
        step.branches.forEach((b, i) => walk(b.steps, depth + 1, open, current, iteration, { stepId: step.id, branch: String(i) }));
      } else if (step.kind === 'repeat') {
        const count = passes.get(step.id) ?? 1;
        item.passes = count;
        for (let pass = 0; pass < count; pass += 1) walk(step.steps, depth + 1, open, current && pass === count - 1, pass, { stepId: step.id });
      }
    }
  };
  walk(playbook.steps, 0, true, true, 0);
  settleGroups(items);

  const detached = retraction ? { ...change(retraction), reason: retraction.payload.reason } : undefined;
  return {
    runId,
    playbookId: event.payload.playbookId,
    version: event.payload.version,
    title: event.payload.title,
    attached: change(event),
    ...(detached ? { detached } : {}),
    updatedAt: hlcToIso(latest.hlc),
    playbook,
    items,
    progress: progressOf(playbook, items),
    conflicts,
  };
}

/** Passes of each repeated group: one more than the highest pass any write names. */
function passCounts(runId: string, playbook: Playbook, registers: Registers): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { step, repeats } of visitSteps(playbook.steps)) {
    const group = repeats[repeats.length - 1];
    if (group === undefined) continue;
    for (let pass = counts.get(group) ?? 1; pass <= 999; pass += 1) {
      const k = key(runId, step.id, pass);
      if (!registers.steps.has(k) && !registers.decisions.has(k)) break;
      counts.set(group, pass + 1);
    }
  }
  return counts;
}

function itemFor(runId: string, step: Step, depth: number, iteration: number, active: boolean, current: boolean, registers: Registers, conflicts: ChecklistConflict[]): ChecklistItem {
  const countable = step.kind === 'task' || step.kind === 'playbook' || step.kind === 'decision';
  const item: ChecklistItem = { stepId: step.id, kind: step.kind, title: step.title, phase: step.phase, depth, iteration, active, counts: active && current && countable, step: detailsOf(step), status: 'open', links: [], heads: [] };
  const k = key(runId, step.id, iteration);
  const writes = registers.steps.get(k);
  if (writes) {
    const { winner, heads, losers } = resolve(writes);
    Object.assign(item, winner.value, { changed: change(winner.event), heads });
    // "Start pass n" writes the first step open, superseding nothing: that is a start, not a reopening.
    if (iteration > 0 && winner.value.status === 'open' && winner.supersedes.length === 0) item.passStarted = true;
    if (losers.length > 0) {
      item.conflict = losers.map((w) => ({ ...change(w.event), ...w.value }));
      conflicts.push({ runId, stepId: step.id, iteration, kind: 'step', title: step.title });
    }
  }
  if (step.kind === 'decision') {
    const keys = new Set(step.branches.map((b) => b.key));
    const valid = (registers.decisions.get(k) ?? []).filter((w) => keys.has(w.value));
    const decision: NonNullable<ChecklistItem['decision']> = { branches: step.branches.map((b) => ({ key: b.key, label: b.label })), heads: [] };
    if (valid.length > 0) {
      const { winner, heads, losers } = resolve(valid);
      Object.assign(decision, { taken: winner.value, changed: change(winner.event), heads });
      if (losers.length > 0) {
        decision.conflict = losers.map((w) => ({ ...change(w.event), branch: w.value }));
        conflicts.push({ runId, stepId: step.id, iteration, kind: 'decision', title: step.title });
      }
      // A decision taken is a step done, unless someone set the step itself afterwards.
      const setAfter = item.changed !== undefined && compareEventOrder({ id: item.changed.eventId, device: item.changed.device, hlc: item.changed.hlc }, winner.event) > 0;
      if (!setAfter) item.status = 'done';
    }
    item.decision = decision;
  }
  return item;
}

/** A parallel or repeat group nobody set explicitly is done when every counted step under it is complete. */
function settleGroups(items: ChecklistItem[]): void {
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const group = items[i] as ChecklistItem;
    if ((group.kind !== 'parallel' && group.kind !== 'repeat') || group.changed) continue;
    const inside: ChecklistItem[] = [];
    for (let j = i + 1; j < items.length && (items[j] as ChecklistItem).depth > group.depth; j += 1) inside.push(items[j] as ChecklistItem);
    const counted = inside.filter((c) => c.counts);
    if (counted.length > 0 && counted.every((c) => c.status === 'done' || c.status === 'skipped' || c.status === 'not-applicable')) group.status = 'done';
  }
}

function detailsOf(step: Step): StepDetails {
  const d: StepDetails = {};
  if (step.description !== undefined) d.description = step.description;
  if (step.role !== undefined) d.role = step.role;
  if (step.evidence !== undefined) d.evidence = step.evidence;
  if (step.optional !== undefined) d.optional = step.optional;
  if (step.notify !== undefined) d.notify = step.notify;
  if (step.escalate !== undefined) d.escalate = step.escalate;
  if (step.kind === 'task') d.instructions = step.instructions;
  if (step.kind === 'decision') {
    d.mode = step.mode;
    if (step.condition !== undefined) d.condition = step.condition;
  }
  if (step.kind === 'repeat') d.condition = step.condition;
  if (step.kind === 'playbook') d.target = step.target;
  return d;
}

/** Whether an event can change a case's checklists: the only events foldChecklists reads. */
export function bearsOnChecklists(event: CaseEvent): boolean {
  return event.type === 'playbook.attached' || event.type === 'checklist.step.set' || event.type === 'checklist.decision' || event.type === 'entry.retracted';
}

/**
 * The conflicts left to review in the checklists still attached to a case:
 * the case list counts them with the field, note and timeline conflicts, as
 * the import report does.
 */
/** The checklist work of a case at a glance, for the case list and header: steps complete of those that count, and blocked. */
export type ChecklistSummary = { complete: number; total: number; blocked: number };

/** Summed over the runs still attached; null when the case has none. */
export function checklistSummary(events: readonly CaseEvent[]): ChecklistSummary | null {
  const runs = foldChecklists(events.filter(bearsOnChecklists)).filter((r) => !r.detached);
  if (runs.length === 0) return null;
  return runs.reduce((sum, r) => ({ complete: sum.complete + r.progress.overall.complete, total: sum.total + r.progress.overall.total, blocked: sum.blocked + r.progress.overall.blocked }), { complete: 0, total: 0, blocked: 0 });
}

export function checklistConflictCount(events: readonly CaseEvent[]): number {
  let count = 0;
  for (const run of foldChecklists(events.filter(bearsOnChecklists))) if (!run.detached) count += run.conflicts.length;
  return count;
}

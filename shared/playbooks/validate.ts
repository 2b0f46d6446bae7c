/**
 * Whether a playbook can be kept and run: its shape (./model), plus what a
 * schema cannot see: step ids used twice, decisions whose branches do not
 * match their kind, nesting deeper than MAX_DEPTH, more than MAX_FILE_BYTES
 * in all, and, once it has CACAO ids, links to steps that do not exist and
 * cycles in the CACAO workflow it exports to. Every problem is listed.
 */
import type { Issue } from '../api/errors';
import { MAX_DEPTH, MAX_FILE_BYTES, playbookSchema, type Playbook, type Step } from './model';
import { checkCacaoDocument } from './cacao/check';
import { exportCacao } from './cacao/export';
import { visitSteps } from './walk';

export type PlaybookValidation = { ok: true; playbook: Playbook } | { ok: false; issues: Issue[] };

/** How deeply `value` nests, counted without recursion, stopping past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d);
    if (max > limit) return max;
    for (const child of Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return max;
}

// Each level of steps is four levels of JSON (steps → step → branches → branch).
const MAX_JSON_DEPTH = MAX_DEPTH * 4 + 16;

export function validatePlaybook(input: unknown): PlaybookValidation {
  if (nestingDepth(input, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, issues: [{ path: 'steps', message: `Steps are nested more than ${MAX_DEPTH} levels deep` }] };
  }
  const parsed = playbookSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
  const playbook = parsed.data;
  const issues = structureIssues(playbook);
  const size = JSON.stringify(playbook).length;
  if (size > 2 * MAX_FILE_BYTES) issues.push({ path: '', message: `The playbook is too large (${size} characters of JSON; at most ${2 * MAX_FILE_BYTES})` });
  if (issues.length === 0 && hasCacaoIds(playbook)) {
    const checked = checkCacaoDocument(exportCacao(playbook));
    if (!checked.ok) for (const issue of checked.issues) issues.push({ path: `cacao.${issue.path}`, message: `In its CACAO form: ${issue.message}` });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, playbook };
}

function hasCacaoIds(playbook: Playbook): boolean {
  return playbook.cacao !== undefined && visitSteps(playbook.steps).every((v) => v.step.cacao !== undefined);
}

function structureIssues(playbook: Playbook): Issue[] {
  const issues: Issue[] = [];
  const stepIds = new Map<string, string>();
  const cacaoIds = new Set<string>(playbook.cacao?.start ? [playbook.cacao.start.id] : []);
  const endIds = new Set<string>();
  const checkTail = (tail: { end?: { id: string }; next?: string } | undefined, where: string) => {
    if (tail?.end && tail.next !== undefined) issues.push({ path: where, message: 'A sequence of steps cannot both end and jump to another step' });
    if (tail?.end) endIds.add(tail.end.id);
  };
  checkTail(playbook.cacao?.tail, 'cacao.tail');
  for (const { step, depth } of visitSteps(playbook.steps)) {
    const where = `step ${step.id}`;
    if (depth > MAX_DEPTH) issues.push({ path: where, message: `“${step.title}” is nested more than ${MAX_DEPTH} levels deep` });
    const seen = stepIds.get(step.id);
    if (seen !== undefined) issues.push({ path: where, message: `Two steps have the id ${step.id} (“${seen}” and “${step.title}”)` });
    stepIds.set(step.id, step.title);
    if (step.cacao) {
      if (cacaoIds.has(step.cacao.id)) issues.push({ path: where, message: `“${step.title}” has the CACAO id ${step.cacao.id} of another step` });
      cacaoIds.add(step.cacao.id);
    }
    issues.push(...decisionIssues(step, where));
    if (step.kind === 'decision' || step.kind === 'parallel') step.branches.forEach((b, i) => checkTail(b.tail, `${where}.branches.${i}.tail`));
    if (step.kind === 'repeat') checkTail(step.tail, `${where}.tail`);
  }
  for (const id of endIds) if (cacaoIds.has(id)) issues.push({ path: 'cacao', message: `The end step ${id} has the id of another step` });
  return issues;
}

function decisionIssues(step: Step, where: string): Issue[] {
  if (step.kind !== 'decision') return [];
  const keys = step.branches.map((b) => b.key);
  if (step.mode === 'if' && (keys.length !== 2 || keys[0] !== 'true' || keys[1] !== 'false')) {
    return [{ path: `${where}.branches`, message: `“${step.title}” is a yes/no decision: it needs exactly the branches "true" and "false", in that order` }];
  }
  if (new Set(keys).size !== keys.length) return [{ path: `${where}.branches`, message: `“${step.title}” has two branches with the same key` }];
  return [];
}

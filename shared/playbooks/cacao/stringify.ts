/**
 * Writes a CACAO document as text in an order that depends only on its
 * content: playbook properties in the order of the CACAO specification,
 * workflow steps in the order they run (from workflow_start, depth first),
 * step properties type/name/description first, a switch's cases as written
 * (their order is the order of the branches), everything else by name.
 * Two equal documents give the same bytes, however they were built.
 */
import { isRecord, type JsonObject } from './common';
import { linksOf } from './check';

const playbookOrder = [
  'type',
  'spec_version',
  'id',
  'name',
  'description',
  'playbook_types',
  'playbook_activities',
  'playbook_processing_summary',
  'created_by',
  'created',
  'modified',
  'revoked',
  'valid_from',
  'valid_until',
  'derived_from',
  'related_to',
  'priority',
  'severity',
  'impact',
  'industry_sectors',
  'labels',
  'external_references',
  'markings',
  'playbook_variables',
  'workflow_start',
  'workflow_exception',
  'workflow',
  'playbook_extensions',
  'authentication_info_definitions',
  'agent_definitions',
  'target_definitions',
  'extension_definitions',
  'data_marking_definitions',
  'signatures',
];

const objectOrder = ['type', 'spec_version', 'id', 'name', 'description'];

export function stringifyCacao(doc: JsonObject): string {
  return `${JSON.stringify(ordered(doc, 'playbook'), null, 2)}\n`;
}

/** `keep`: a switch's cases stay in the order written, which is the order the branches are shown in. */
type Kind = 'playbook' | 'workflow' | 'step' | 'keep' | 'other';

function childKind(kind: Kind, key: string): Kind {
  if (kind === 'playbook' && key === 'workflow') return 'workflow';
  if (kind === 'workflow') return 'step';
  if (kind === 'step' && key === 'cases') return 'keep';
  return 'other';
}

function ordered(value: unknown, kind: Kind, workflowStart?: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, 'other'));
  if (!isRecord(value)) return value;
  const keys =
    kind === 'workflow' ? runOrder(value, workflowStart) : kind === 'keep' ? Object.keys(value) : byPriority(Object.keys(value), kind === 'playbook' ? playbookOrder : objectOrder);
  const out: JsonObject = {};
  for (const key of keys) {
    const child = value[key];
    Object.defineProperty(out, key, { value: ordered(child, childKind(kind, key), value['workflow_start']), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function byPriority(keys: string[], priority: readonly string[]): string[] {
  const rank = (k: string) => {
    const i = priority.indexOf(k);
    return i < 0 ? priority.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Steps in the order they run, then any the start does not reach, by id. */
function runOrder(workflow: JsonObject, start: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const stack: string[] = typeof start === 'string' ? [start] : [];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || !(id in workflow)) continue;
    seen.add(id);
    out.push(id);
    const step = workflow[id];
    if (!isRecord(step)) continue;
    // Branches before what follows them, so that a branch reads as one block.
    const targets = linksOf(step)
      .sort((a, b) => linkRank(a.field) - linkRank(b.field))
      .map((l) => l.target)
      .filter((t): t is string => typeof t === 'string');
    for (let i = targets.length - 1; i >= 0; i -= 1) stack.push(targets[i] as string);
  }
  const rest = Object.keys(workflow)
    .filter((k) => !seen.has(k))
    .sort();
  return [...out, ...rest];
}

const linkRanks = ['on_true', 'on_false', 'next_steps', 'cases', 'on_success', 'on_completion', 'on_failure'];

function linkRank(field: string): number {
  const i = linkRanks.indexOf(field.split('.')[0] ?? field);
  return i < 0 ? linkRanks.length : i;
}

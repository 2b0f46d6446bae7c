/**
 * Checks a CACAO 2.0 document from outside before anything is made of it.
 *
 * Problems that make it unusable (errors: nothing is imported) are all
 * listed, not just the first: not JSON, larger than MAX_FILE_BYTES, any text
 * longer than MAX_TEXT, not a CACAO 2.0 playbook, unknown step types, links
 * to steps that do not exist, cycles in the workflow. Departures from the
 * CACAO schema that still leave a usable checklist (an action without
 * commands or agent, a switch without its `switch`…) are warnings.
 *
 * Text that looks like HTML or script is accepted as plain text (with a
 * warning): Outpost never renders playbook text as HTML.
 */
import type { Issue } from '../../api/errors';
import { MAX_FILE_BYTES, MAX_STEPS, MAX_TEXT } from '../model';
import { CACAO_SPEC_VERSION, describeStep, isRecord, isStepType, singleLinks, utf8Length, type JsonObject } from './common';

const MAX_LISTED = 50;
const MAX_JSON_DEPTH = 64;
const CACAO_ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const STEP_KEY = /^[^\s|]{1,200}$/;
const TIMESTAMP = /^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?Z$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const SCRIPTISH = /<\s*\/?\s*(script|iframe|object|embed|svg|style|link|meta|form)\b|javascript\s*:|<[^>]*\son[a-z]+\s*=/i;

export type CheckedDocument = { ok: true; doc: JsonObject; workflow: Record<string, JsonObject>; warnings: Issue[] } | { ok: false; issues: Issue[] };

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export function checkCacaoText(text: string): CheckedDocument {
  // Every UTF-16 unit is at least one byte, so a longer string is too large without counting.
  const bytes = text.length > MAX_FILE_BYTES ? text.length : utf8Length(text);
  if (bytes > MAX_FILE_BYTES) {
    return { ok: false, issues: [{ path: '', message: `The playbook file is ${mb(bytes)} or more; at most ${mb(MAX_FILE_BYTES)} (${MAX_FILE_BYTES} bytes) can be imported` }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return checkCacaoDocument(parsed);
}

export function checkCacaoDocument(parsed: unknown): CheckedDocument {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  scanValues(parsed, issues, warnings);
  if (!isRecord(parsed)) return { ok: false, issues: [...issues, { path: '', message: 'A CACAO playbook is a JSON object; this is not one' }] };
  const doc = parsed;
  if (doc['type'] !== 'playbook') issues.push({ path: 'type', message: `type is ${show(doc['type'])}; a CACAO playbook has type "playbook"` });
  if (doc['spec_version'] !== CACAO_SPEC_VERSION) {
    issues.push({ path: 'spec_version', message: `spec_version is ${show(doc['spec_version'])}; Outpost reads CACAO 2.0 playbooks ("${CACAO_SPEC_VERSION}") only` });
  }
  const id = doc['id'];
  if (typeof id !== 'string' || !CACAO_ID.test(id) || !id.startsWith('playbook--')) {
    issues.push({ path: 'id', message: `id is ${show(id)}; a CACAO playbook id looks like playbook--<UUID>` });
  }
  const rawWorkflow = doc['workflow'];
  const workflow: Record<string, JsonObject> = {};
  if (!isRecord(rawWorkflow) || Object.keys(rawWorkflow).length === 0) {
    issues.push({ path: 'workflow', message: 'The playbook has no workflow (an object of steps)' });
  } else {
    const keys = Object.keys(rawWorkflow);
    if (keys.length > MAX_STEPS) issues.push({ path: 'workflow', message: `The workflow has ${keys.length} steps; at most ${MAX_STEPS} can be imported` });
    for (const key of keys) {
      const step = rawWorkflow[key];
      const where = `workflow.${key}`;
      if (!STEP_KEY.test(key)) issues.push({ path: where, message: `Step id ${show(key)} is not usable (at most 200 characters, no spaces or "|")` });
      else if (!CACAO_ID.test(key)) warnings.push({ path: where, message: `Step id ${show(key)} is not a CACAO identifier (<type>--<UUID>)` });
      if (!isRecord(step)) {
        issues.push({ path: where, message: `${describeStep(key, step)} is not an object` });
        continue;
      }
      if (!isStepType(step['type'])) {
        issues.push({ path: `${where}.type`, message: `${describeStep(key, step)} has the unknown type ${show(step['type'])}` });
        continue;
      }
      workflow[key] = step;
      if (CACAO_ID.test(key) && !key.startsWith(`${step['type']}--`)) {
        warnings.push({ path: where, message: `${describeStep(key, step)} has type ${step['type']} but its id says otherwise` });
      }
    }
  }
  const start = doc['workflow_start'];
  if (start === undefined) issues.push({ path: 'workflow_start', message: 'The playbook has no workflow_start (the step it begins with)' });
  else if (typeof start !== 'string' || !(start in workflow)) {
    issues.push({ path: 'workflow_start', message: `workflow_start is ${show(start)}, which is not a step of the workflow` });
  }
  checkLinks(workflow, issues);
  findCycles(workflow, issues);
  if (issues.length > 0) return { ok: false, issues: cap(issues) };
  schemaWarnings(doc, workflow, warnings);
  return { ok: true, doc, workflow, warnings: cap(warnings) };
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value) ?? typeof value;
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}

function cap(list: Issue[]): Issue[] {
  if (list.length <= MAX_LISTED) return list;
  return [...list.slice(0, MAX_LISTED), { path: '', message: `… and ${list.length - MAX_LISTED} more problems of the same kinds` }];
}

/** Sizes, characters and nesting of every value and key, iteratively (hostile nesting cannot overflow the stack). */
function scanValues(root: unknown, issues: Issue[], warnings: Issue[]): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  let scriptWarnings = 0;
  const checkString = (s: string, path: string, what: string) => {
    const where = path || '(top level)';
    if (s.length > MAX_TEXT) issues.push({ path, message: `${what} at ${where} has ${s.length.toLocaleString('en')} characters; at most ${MAX_TEXT.toLocaleString('en')} are allowed` });
    if (LONE_SURROGATE.test(s)) issues.push({ path, message: `${what} at ${where} contains an invalid character (a lone UTF-16 surrogate)` });
    if (SCRIPTISH.test(s) && scriptWarnings++ < 10) {
      warnings.push({ path, message: `${what} at ${where} looks like HTML or script. It is kept as plain text: Outpost shows it as written and never runs or renders it` });
    }
  };
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      checkString(value, path, 'Text');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      issues.push({ path, message: `Nested more than ${MAX_JSON_DEPTH} levels deep at ${path || '(top level)'}` });
      continue;
    }
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(value)) {
        if (key === '__proto__') issues.push({ path: childPath, message: `The property name "__proto__" is not allowed (at ${path || 'the top level'})` });
        checkString(key, childPath, 'A property name');
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every step a step links to, with the property that links it. */
export function linksOf(step: JsonObject): Array<{ field: string; target: unknown }> {
  const links: Array<{ field: string; target: unknown }> = [];
  for (const field of singleLinks) if (field in step) links.push({ field, target: step[field] });
  const next = step['next_steps'];
  if (next !== undefined) {
    if (Array.isArray(next)) next.forEach((target, i) => links.push({ field: `next_steps.${i}`, target }));
    else links.push({ field: 'next_steps', target: next });
  }
  const cases = step['cases'];
  if (cases !== undefined) {
    if (isRecord(cases)) for (const [key, target] of Object.entries(cases)) links.push({ field: `cases.${key}`, target });
    else links.push({ field: 'cases', target: cases });
  }
  return links;
}

function checkLinks(workflow: Record<string, JsonObject>, issues: Issue[]): void {
  for (const [id, step] of Object.entries(workflow)) {
    for (const { field, target } of linksOf(step)) {
      const path = `workflow.${id}.${field}`;
      if (field === 'next_steps' || field === 'cases') issues.push({ path, message: `${describeStep(id, step)}: ${field} has the wrong form` });
      else if (typeof target !== 'string') issues.push({ path, message: `${describeStep(id, step)}: ${field} is ${show(target)}, not a step id` });
      else if (!(target in workflow)) issues.push({ path, message: `${describeStep(id, step)}: ${field} points to ${target}, which is not a step of the workflow` });
    }
  }
}

/** Depth-first search over every link; an edge back to a step on the current path closes a cycle. */
function findCycles(workflow: Record<string, JsonObject>, issues: Issue[]): void {
  const state = new Map<string, 'open' | 'done'>();
  let found = 0;
  for (const root of Object.keys(workflow)) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const stack: Array<{ id: string; targets: string[]; index: number }> = [];
    const enter = (id: string) => {
      state.set(id, 'open');
      path.push(id);
      const step = workflow[id] as JsonObject;
      // Links to nowhere are reported by checkLinks; here they simply lead nowhere.
      const targets = linksOf(step)
        .map((l) => l.target)
        .filter((t): t is string => typeof t === 'string' && t in workflow);
      stack.push({ id, targets, index: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { id: string; targets: string[]; index: number };
      const target = frame.targets[frame.index];
      if (target === undefined) {
        state.set(frame.id, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      frame.index += 1;
      const seen = state.get(target);
      if (seen === undefined) enter(target);
      else if (seen === 'open' && found++ < 10) {
        const loop = [...path.slice(path.indexOf(target)), target];
        issues.push({
          path: `workflow.${frame.id}`,
          message: `The workflow has a cycle: ${loop.map((id) => describeStep(id, workflow[id])).join(' → ')}. CACAO repeats steps with a while-condition, not by linking back`,
        });
      }
    }
  }
}

function schemaWarnings(doc: JsonObject, workflow: Record<string, JsonObject>, warnings: Issue[]): void {
  const agents = isRecord(doc['agent_definitions']) ? doc['agent_definitions'] : {};
  const targets = isRecord(doc['target_definitions']) ? doc['target_definitions'] : {};
  for (const field of ['name', 'created_by', 'created', 'modified']) {
    if (doc[field] === undefined) warnings.push({ path: field, message: `The playbook has no ${field} (CACAO requires it)` });
  }
  for (const field of ['created', 'modified', 'valid_from', 'valid_until']) {
    const value = doc[field];
    if (value !== undefined && (typeof value !== 'string' || !TIMESTAMP.test(value))) warnings.push({ path: field, message: `${field} is not a CACAO timestamp (UTC, e.g. 2026-11-23T14:05:00.000Z)` });
  }
  const exception = doc['workflow_exception'];
  if (exception !== undefined && (typeof exception !== 'string' || !(exception in workflow))) {
    // Outpost never runs the workflow, so a broken exception handler only matters to the tools that do.
    warnings.push({ path: 'workflow_exception', message: `workflow_exception is ${show(exception)}, which is not a step of the workflow; it is kept as it is` });
  }
  if (workflow[doc['workflow_start'] as string]?.['type'] !== 'start') warnings.push({ path: 'workflow_start', message: 'The workflow does not begin with a start step' });
  for (const [id, step] of Object.entries(workflow)) {
    const where = `workflow.${id}`;
    const label = describeStep(id, step);
    const type = step['type'];
    if (type === 'action') {
      if (!Array.isArray(step['commands']) || step['commands'].length === 0) warnings.push({ path: `${where}.commands`, message: `${label} has no commands (CACAO requires at least one)` });
      if (step['agent'] === undefined) warnings.push({ path: `${where}.agent`, message: `${label} names no agent (CACAO requires one)` });
    }
    if (typeof step['agent'] === 'string' && !(step['agent'] in agents)) warnings.push({ path: `${where}.agent`, message: `${label}: agent ${step['agent']} is not in agent_definitions` });
    if (Array.isArray(step['targets'])) {
      for (const t of step['targets']) if (typeof t === 'string' && !(t in targets)) warnings.push({ path: `${where}.targets`, message: `${label}: target ${t} is not in target_definitions` });
    }
    if ((type === 'if-condition' || type === 'while-condition') && (typeof step['condition'] !== 'string' || step['on_true'] === undefined)) {
      warnings.push({ path: where, message: `${label} needs a condition and on_true (CACAO requires both)` });
    }
    if (type === 'switch-condition') {
      if (typeof step['switch'] !== 'string') warnings.push({ path: `${where}.switch`, message: `${label} has no switch expression (CACAO requires one)` });
      if (!isRecord(step['cases']) || Object.keys(step['cases']).length === 0) warnings.push({ path: `${where}.cases`, message: `${label} has no cases` });
    }
    if (type === 'parallel' && (!Array.isArray(step['next_steps']) || step['next_steps'].length < 2)) {
      warnings.push({ path: `${where}.next_steps`, message: `${label} has fewer than two parallel branches (CACAO requires two or more)` });
    }
    if (type === 'end' && linksOf(step).length > 0) warnings.push({ path: where, message: `${label} is an end step but links to other steps; the links are kept but not followed` });
    if (type === 'playbook-action' && typeof step['playbook_id'] !== 'string') warnings.push({ path: `${where}.playbook_id`, message: `${label} names no playbook to run` });
    if (type === 'start' && id !== doc['workflow_start']) warnings.push({ path: where, message: `${label} is a second start step; it is kept but not shown` });
  }
}

/**
 * Helpers to write the built-in playbooks compactly. Every CACAO id is a
 * constant written in the library file, so exports of a built-in never
 * change between runs or machines.
 */
import type { CategoryId } from '../../domain/taxonomy';
import { OUTPOST_IDENTITY } from '../cacao/common';
import type { Branch, DecisionStep, ParallelStep, PhaseId, Playbook, PlaybookLinkStep, RepeatStep, Step, TaskStep } from '../model';

/** The date the built-in library was written; CACAO wants a creation time. */
export const LIBRARY_DATE = '2026-11-23T00:00:00.000Z';

/** Who does a step; the same words in every built-in playbook. */
export const roles = {
  handler: 'Local incident handler',
  it: 'IT administrator',
  helpdesk: 'Help desk',
  manager: 'Site manager',
  coordinator: 'Incident coordinator',
  dpo: 'Data protection officer',
  hr: 'Human resources',
  legal: 'Legal',
} as const;

type Details = {
  instructions: string;
  evidence: string;
  role: string;
  description?: string;
  optional?: true;
  notify?: string[];
  escalate?: string;
};

function details(d: Omit<Details, 'instructions'>) {
  return {
    role: d.role,
    evidence: d.evidence,
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(d.optional ? { optional: true } : {}),
    ...(d.notify ? { notify: d.notify } : {}),
    ...(d.escalate ? { escalate: d.escalate } : {}),
  };
}

export function task(cacaoId: string, phase: PhaseId, id: string, title: string, d: Details): TaskStep {
  return { kind: 'task', id, title, phase, instructions: d.instructions, ...details(d), cacao: { id: cacaoId } };
}

type Arm = { label?: string; end: string; steps: Step[] };

export function ifDecision(cacaoId: string, phase: PhaseId, id: string, question: string, d: Omit<Details, 'instructions'> & { condition: string; yes: Arm; no: Arm }): DecisionStep {
  const arm = (key: string, fallback: string, a: Arm): Branch => ({ key, label: a.label ?? fallback, steps: a.steps, tail: { end: { id: a.end } } });
  return {
    kind: 'decision',
    mode: 'if',
    id,
    title: question,
    phase,
    condition: d.condition,
    ...details(d),
    branches: [arm('true', 'Yes', d.yes), arm('false', 'No', d.no)],
    cacao: { id: cacaoId },
  };
}

export function switchDecision(
  cacaoId: string,
  phase: PhaseId,
  id: string,
  question: string,
  d: Omit<Details, 'instructions'> & { condition: string; cases: Array<{ key: string; label: string; end: string; steps: Step[] }> },
): DecisionStep {
  const branches = d.cases.map((c) => ({ key: c.key, label: c.label, steps: c.steps, tail: { end: { id: c.end } } }));
  return { kind: 'decision', mode: 'switch', id, title: question, phase, condition: d.condition, ...details(d), branches, cacao: { id: cacaoId } };
}

export function parallel(cacaoId: string, phase: PhaseId, id: string, title: string, d: { role: string; evidence: string; description?: string; branches: Array<{ end: string; steps: Step[] }> }): ParallelStep {
  const branches = d.branches.map((b) => ({ steps: b.steps, tail: { end: { id: b.end } } }));
  return { kind: 'parallel', id, title, phase, ...details(d), branches, cacao: { id: cacaoId } };
}

export function repeat(cacaoId: string, phase: PhaseId, id: string, title: string, d: { role: string; evidence: string; condition: string; description?: string; end: string; steps: Step[] }): RepeatStep {
  return { kind: 'repeat', id, title, phase, condition: d.condition, ...details(d), steps: d.steps, tail: { end: { id: d.end } }, cacao: { id: cacaoId } };
}

export function link(cacaoId: string, phase: PhaseId, id: string, title: string, target: { playbookId: string; cacaoId: string }, d: Omit<Details, 'instructions'> & { description: string }): PlaybookLinkStep {
  return { kind: 'playbook', id, title, phase, target, ...details(d), cacao: { id: cacaoId } };
}

type Meta = {
  id: string;
  version: number;
  cacaoId: string;
  start: string;
  end: string;
  title: string;
  summary: string;
  audience: string;
  categories: CategoryId[];
  /** The CACAO group agent standing for each role used. */
  agents: Record<string, string>;
  steps: Step[];
};

export function builtin(m: Meta): Playbook {
  return {
    id: m.id,
    version: m.version,
    title: m.title,
    summary: m.summary,
    categories: m.categories,
    audience: m.audience,
    steps: m.steps,
    cacao: {
      id: m.cacaoId,
      created: LIBRARY_DATE,
      modified: LIBRARY_DATE,
      createdBy: OUTPOST_IDENTITY,
      start: { id: m.start },
      tail: { end: { id: m.end } },
      agents: Object.entries(m.agents).map(([role, id]) => ({ role, id })),
    },
  };
}

/** Multi-line instructions, one argument per line. */
export function lines(...parts: string[]): string {
  return parts.join('\n');
}

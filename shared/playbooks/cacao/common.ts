/**
 * Constants and small helpers of the CACAO 2.0 mapping.
 *
 * Outpost's own step data (phase, role, evidence, notification lists…) has no
 * CACAO property, so it travels in a CACAO extension: `step_extensions` and
 * `playbook_extensions` entries under OUTPOST_EXTENSION_ID, declared in
 * `extension_definitions`. Other CACAO tools carry it along unchanged; Outpost
 * reads it back, so an exported playbook imports to the same checklist.
 */
import type { PhaseId, Step } from '../model';

export const CACAO_SPEC_VERSION = 'cacao-2.0';
export const OUTPOST_EXTENSION_ID = 'extension-definition--3e0ce27e-f0b4-4164-84a5-3e2083b19083';
export const OUTPOST_EXTENSION_TYPE = 'outpost-checklist';
/** The STIX identity standing for Outpost as the creator of built-in playbooks and of the extension. */
export const OUTPOST_IDENTITY = 'identity--f69de2da-f51b-4fe0-9a9b-8c2f9a21eebc';

export const OUTPOST_EXTENSION_DEFINITION = {
  type: 'extension-definition',
  name: 'Outpost checklist',
  description:
    'Checklist data of Outpost, an incident-handling workbench: for each step the phase of the CERT process map, who does it, what to record as evidence, whether it may be skipped, and the notification and escalation lists it uses.',
  created_by: OUTPOST_IDENTITY,
  schema:
    'step_extensions: {type: "outpost-checklist", step_id?, phase?, role?, evidence?, optional?, notify?: [list id], escalate?: list id, branch_labels?: {case: label}, link_id?}. playbook_extensions: {type: "outpost-checklist", playbook_id?, version?, categories?, audience?}. All texts are plain text.',
  version: '1.0.0',
} as const;

export const stepTypes = ['start', 'end', 'action', 'playbook-action', 'parallel', 'if-condition', 'switch-condition', 'while-condition'] as const;
export type CacaoStepType = (typeof stepTypes)[number];

export const typeLabels: Record<CacaoStepType, string> = {
  start: 'Start',
  end: 'End',
  action: 'Action',
  'playbook-action': 'Run another playbook',
  parallel: 'Parallel steps',
  'if-condition': 'Decision',
  'switch-condition': 'Decision',
  'while-condition': 'Repeat',
};

/** Step properties that name other steps. */
export const singleLinks = ['on_completion', 'on_success', 'on_failure', 'on_true', 'on_false'] as const;

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStepType(value: unknown): value is CacaoStepType {
  return typeof value === 'string' && (stepTypes as readonly string[]).includes(value);
}

const FALLBACK_TITLE_LENGTH = 120;

/**
 * The title a step without a `name` gets: the first line of its description,
 * or what kind of step it is. Export leaves `name` out when the title is
 * still this, so an unnamed step stays unnamed.
 */
export function fallbackTitle(type: CacaoStepType, description: unknown): string {
  if (typeof description === 'string') {
    const line = description.split('\n').find((l) => /\S/.test(l))?.trim();
    if (line) return line.length > FALLBACK_TITLE_LENGTH ? `${line.slice(0, FALLBACK_TITLE_LENGTH - 1)}…` : line;
  }
  return typeLabels[type];
}

export const UNTITLED_PLAYBOOK = 'Untitled CACAO playbook';

/**
 * The phase given to the steps of a playbook written elsewhere (which has no
 * phases), from its CACAO playbook types. Export leaves a step's phase out of
 * the extension when it is this one.
 */
export function inferPhase(playbookTypes: unknown): PhaseId {
  const first = Array.isArray(playbookTypes) ? playbookTypes.find((t): t is string => typeof t === 'string') : undefined;
  switch (first) {
    case 'detection':
      return 'verify';
    case 'mitigation':
    case 'prevention':
      return 'contain';
    case 'notification':
      return 'notify';
    case 'remediation':
      return 'recover';
    case 'engagement':
      return 'research';
    case undefined:
    default:
      return 'analyze';
  }
}

/** Byte length of a string in UTF-8 (the size of the file it came from). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

export function describeStep(id: string, raw: unknown): string {
  const name = isRecord(raw) && typeof raw['name'] === 'string' && raw['name'].trim() ? raw['name'].trim() : '';
  const shown = name.length > 80 ? `${name.slice(0, 79)}…` : name;
  return shown ? `Step “${shown}” (${id})` : `Step ${id}`;
}

const cacaoTypes: Record<Step['kind'], (step: Step) => CacaoStepType> = {
  task: () => 'action',
  playbook: () => 'playbook-action',
  parallel: () => 'parallel',
  repeat: () => 'while-condition',
  decision: (step) => (step.kind === 'decision' && step.mode === 'switch' ? 'switch-condition' : 'if-condition'),
};

/** The CACAO workflow step type a checklist step is written as. */
export function cacaoTypeOf(step: Step): CacaoStepType {
  return cacaoTypes[step.kind](step);
}

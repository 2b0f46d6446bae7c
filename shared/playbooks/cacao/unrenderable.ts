/** Plain-language lines for the CACAO properties a checklist keeps but does not show. */
import { isRecord, type JsonObject } from './common';

/** Something kept from the CACAO document that the checklist does not show; export writes it back. */
export type Unrenderable = { stepId?: string; where: string; what: string };

const names: Record<string, string> = {
  agent: 'the agent that runs it',
  targets: 'targets',
  in_args: 'input variables',
  out_args: 'output variables',
  step_variables: 'step variables',
  delay: 'a delay before it starts',
  timeout: 'a timeout',
  owner: 'its owner',
  external_references: 'external references',
  on_failure: 'where to go on failure',
  on_success: 'where to go on success',
  step_extensions: 'extensions of other tools',
  playbook_types: 'playbook types',
  playbook_activities: 'playbook activities',
  playbook_processing_summary: 'a processing summary',
  valid_from: 'a start of validity',
  valid_until: 'an end of validity',
  derived_from: 'the playbooks it was derived from',
  related_to: 'related objects',
  priority: 'a priority',
  severity: 'a severity',
  impact: 'an impact',
  industry_sectors: 'industry sectors',
  labels: 'labels',
  markings: 'data markings (e.g. TLP)',
  data_marking_definitions: 'data marking definitions',
  playbook_variables: 'playbook variables',
  workflow_exception: 'a step to run on errors',
  playbook_extensions: 'extensions of other tools',
  extension_definitions: 'extension definitions of other tools',
  authentication_info_definitions: 'authentication information (may hold credentials)',
  agent_definitions: 'agent definitions',
  target_definitions: 'target definitions',
  signatures: 'digital signatures (not checked by Outpost)',
  revoked: 'the revoked flag',
};

const MAX_QUOTE = 60;

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE - 1)}…` : line}”`;
}

function count(value: unknown): string {
  if (Array.isArray(value)) return ` (${value.length})`;
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return keys.length <= 4 ? `: ${keys.join(', ')}` : ` (${keys.length})`;
  }
  return '';
}

function describeCommand(command: unknown): string {
  if (!isRecord(command)) return 'command in an unknown form';
  const type = typeof command['type'] === 'string' ? command['type'] : 'unknown';
  if (typeof command['command'] === 'string') return `${type} command ${quote(command['command'])}`;
  if (command['command_b64'] !== undefined) return `${type} command (base64)`;
  return `${type} command`;
}

/** One line per kept property, in the order they came. */
export function describeExtras(extra: JsonObject): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(extra)) {
    if (key === 'commands') {
      const commands = Array.isArray(value) ? value : [value];
      for (const c of commands) out.push(describeCommand(c));
    } else if (key === 'name' || key === 'description') {
      out.push(`its ${key}${typeof value === 'string' ? ` ${quote(value)}` : ''}`);
    } else {
      out.push(`${names[key] ?? `the property ${key}`}${count(value)}`);
    }
  }
  return out;
}

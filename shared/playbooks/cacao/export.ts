/**
 * Playbook → CACAO 2.0 JSON, the inverse of ./import.
 *
 * Each sequence of steps becomes a chain of `on_completion` links ending in
 * its end step; a decision's branches hang off on_true/on_false or `cases`,
 * parallel branches off `next_steps`, a repeat's steps off the
 * while-condition's on_true. Tasks become actions with one manual command
 * (the instructions) and the group agent of their role. Properties kept from
 * an imported document are written back unchanged. The result is a pure
 * function of the playbook, and ./stringify writes it in a fixed key order,
 * so export → import → export gives the same bytes.
 */
import type { Branch, Playbook, Step, Tail } from '../model';
import { cacaoTypeOf, fallbackTitle, inferPhase, isRecord, OUTPOST_EXTENSION_DEFINITION, OUTPOST_EXTENSION_ID, UNTITLED_PLAYBOOK, type JsonObject } from './common';
import { withOutpost } from './extension';
import { localIdFor } from './ids';
import { stringifyCacao } from './stringify';

export class CacaoExportError extends Error {
  override readonly name = 'CacaoExportError';
}

/** The CACAO document as a JSON value. Throws CacaoExportError when the playbook has no CACAO ids yet (it was never saved). */
export function exportCacao(playbook: Playbook): JsonObject {
  return new Exporter(playbook).run();
}

/** The CACAO document as the text of a .json file. */
export function exportCacaoJson(playbook: Playbook): string {
  return stringifyCacao(exportCacao(playbook));
}

class Exporter {
  private readonly workflow: JsonObject = {};
  private readonly agentIds: Map<string, string>;
  private readonly usedAgents = new Map<string, string>();
  private readonly extraAgents: JsonObject;
  private readonly extra: JsonObject;
  private readonly defaultPhase;
  private extensionUsed = false;

  constructor(private readonly playbook: Playbook) {
    const cacao = playbook.cacao;
    if (!cacao) throw new CacaoExportError(`Playbook ${playbook.id} has no CACAO ids yet; save it first`);
    this.extra = cacao.extra ?? {};
    this.agentIds = new Map((cacao.agents ?? []).map((a) => [a.role, a.id]));
    this.extraAgents = isRecord(this.extra['agent_definitions']) ? this.extra['agent_definitions'] : {};
    this.defaultPhase = inferPhase(this.extra['playbook_types']);
  }

  run(): JsonObject {
    const { playbook: p, extra } = this;
    const cacao = p.cacao as NonNullable<Playbook['cacao']>;
    const doc: JsonObject = { ...extra, type: 'playbook', spec_version: 'cacao-2.0', id: cacao.id };
    if (p.title !== UNTITLED_PLAYBOOK) doc['name'] = p.title;
    if (p.summary !== undefined) doc['description'] = p.summary;
    if (cacao.createdBy !== undefined) doc['created_by'] = cacao.createdBy;
    if (cacao.created !== undefined) doc['created'] = cacao.created;
    if (cacao.modified !== undefined) doc['modified'] = cacao.modified;
    const first = this.sequence(p.steps, cacao.tail);
    if (cacao.start) {
      this.workflow[cacao.start.id] = { ...cacao.start.extra, type: 'start', ...(first !== undefined ? { on_completion: first } : {}) };
      doc['workflow_start'] = cacao.start.id;
    } else if (first !== undefined) {
      doc['workflow_start'] = first;
    }
    for (const [id, raw] of Object.entries(cacao.orphans ?? {})) if (!(id in this.workflow)) this.workflow[id] = raw;
    doc['workflow'] = this.workflow;

    const agents: JsonObject = { ...this.extraAgents };
    for (const [id, role] of this.usedAgents) if (!(id in agents)) agents[id] = { type: 'group', name: role };
    if (Object.keys(agents).length > 0) doc['agent_definitions'] = agents;
    else delete doc['agent_definitions'];

    const fields: JsonObject = {};
    if (p.id !== localIdFor(cacao.id)) fields['playbook_id'] = p.id;
    if (p.version !== 1) fields['version'] = p.version;
    if (p.categories.length > 0) fields['categories'] = p.categories;
    if (p.audience !== undefined) fields['audience'] = p.audience;
    const playbookExtensions = withOutpost(extra['playbook_extensions'], fields);
    if (playbookExtensions) doc['playbook_extensions'] = playbookExtensions;
    if (this.extensionUsed || Object.keys(fields).length > 0) {
      doc['extension_definitions'] = { ...(isRecord(extra['extension_definitions']) ? extra['extension_definitions'] : {}), [OUTPOST_EXTENSION_ID]: { ...OUTPOST_EXTENSION_DEFINITION } };
    }
    return doc;
  }

  /** Writes a sequence and returns the id of its first step (or of where it leads, when it has none). */
  private sequence(steps: readonly Step[], tail: Tail | undefined): string | undefined {
    const ids = steps.map((s) => this.idOf(s));
    const after = tail?.end?.id ?? tail?.next;
    steps.forEach((step, i) => this.step(step, ids[i + 1] ?? after));
    if (tail?.end && !(tail.end.id in this.workflow)) this.workflow[tail.end.id] = { ...tail.end.extra, type: 'end' };
    return ids[0] ?? after;
  }

  private idOf(step: Step): string {
    if (!step.cacao) throw new CacaoExportError(`Step “${step.title}” has no CACAO id yet; save the playbook first`);
    return step.cacao.id;
  }

  private step(step: Step, next: string | undefined): void {
    const cacao = step.cacao as NonNullable<Step['cacao']>;
    const extra = cacao.extra ?? {};
    const type = cacaoTypeOf(step);
    const out: JsonObject = { ...extra, type };
    if (step.title !== fallbackTitle(type, step.description)) out['name'] = step.title;
    if (step.description !== undefined) out['description'] = step.description;
    if (next !== undefined) out[cacao.nextField ?? 'on_completion'] = next;
    const ext: JsonObject = {};
    switch (step.kind) {
      case 'task': {
        const commands = extra['commands'];
        if (Array.isArray(commands)) {
          const list = [...commands];
          const at = cacao.instructionsAt;
          if (at !== undefined && isRecord(list[at])) list[at] = { ...list[at], command: step.instructions };
          else if (step.instructions !== '') list.push({ type: 'manual', command: step.instructions });
          out['commands'] = list;
        } else if (step.instructions !== '') {
          out['commands'] = [{ type: 'manual', command: step.instructions }];
        }
        this.agent(step, extra, out, ext);
        break;
      }
      case 'playbook':
        out['playbook_id'] = step.target.cacaoId;
        if (step.target.version !== undefined) out['playbook_version'] = step.target.version;
        if (step.target.playbookId !== undefined) ext['link_id'] = step.target.playbookId;
        break;
      case 'decision': {
        if (step.condition !== undefined) out[step.mode === 'switch' ? 'switch' : 'condition'] = step.condition;
        const labels = this.decision(step.mode, step.branches, out);
        if (Object.keys(labels).length > 0) ext['branch_labels'] = labels;
        break;
      }
      case 'parallel':
        out['next_steps'] = step.branches.map((b) => this.sequence(b.steps, b.tail)).filter((id) => id !== undefined);
        break;
      case 'repeat': {
        out['condition'] = step.condition;
        const body = this.sequence(step.steps, step.tail);
        if (body !== undefined) out['on_true'] = body;
        break;
      }
    }
    if (step.kind !== 'task' && step.role !== undefined) ext['role'] = step.role;
    if (step.id !== cacao.id) ext['step_id'] = step.id;
    if (step.phase !== this.defaultPhase) ext['phase'] = step.phase;
    if (step.evidence !== undefined) ext['evidence'] = step.evidence;
    if (step.optional === true) ext['optional'] = true;
    if (step.notify !== undefined && step.notify.length > 0) ext['notify'] = step.notify;
    if (step.escalate !== undefined) ext['escalate'] = step.escalate;
    const extensions = withOutpost(extra['step_extensions'], ext);
    if (extensions) out['step_extensions'] = extensions;
    if (Object.keys(ext).length > 0) this.extensionUsed = true;
    this.workflow[cacao.id] = out;
  }

  /** on_true/on_false or cases; returns the branch labels import would not guess. */
  private decision(mode: 'if' | 'switch', branches: readonly Branch[], out: JsonObject): Record<string, string> {
    const labels: Record<string, string> = {};
    if (mode === 'if') {
      for (const [key, field, label] of [['true', 'on_true', 'Yes'], ['false', 'on_false', 'No']] as const) {
        const branch = branches.find((b) => b.key === key);
        if (!branch) continue;
        const target = this.sequence(branch.steps, branch.tail);
        if (target !== undefined) out[field] = target;
        if (branch.label !== label) labels[key] = branch.label;
      }
      return labels;
    }
    const cases: JsonObject = {};
    for (const branch of branches) {
      const target = this.sequence(branch.steps, branch.tail);
      if (target !== undefined) cases[branch.key] = target;
      if (branch.label !== branch.key) labels[branch.key] = branch.label;
    }
    out['cases'] = cases;
    return labels;
  }

  /** The agent of a task: kept from the original, or the group agent standing for its role. */
  private agent(step: Step, extra: JsonObject, out: JsonObject, ext: JsonObject): void {
    const kept = extra['agent'];
    if (typeof kept === 'string') {
      const def = this.extraAgents[kept];
      const named = isRecord(def) && typeof def['name'] === 'string' && /\S/.test(def['name']) ? def['name'] : undefined;
      if (step.role !== undefined && step.role !== named) ext['role'] = step.role;
      return;
    }
    if (step.role === undefined) return;
    const id = this.agentIds.get(step.role);
    if (id === undefined || (id in this.extraAgents && !sameGroup(this.extraAgents[id], step.role))) {
      ext['role'] = step.role;
      return;
    }
    out['agent'] = id;
    this.usedAgents.set(id, step.role);
  }
}

function sameGroup(def: unknown, role: string): boolean {
  return isRecord(def) && def['type'] === 'group' && def['name'] === role && Object.keys(def).length === 2;
}

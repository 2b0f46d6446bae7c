/**
 * CACAO 2.0 JSON → playbook.
 *
 * The workflow graph becomes nested steps by following it from the start:
 * action → task (its first manual command holds the instructions),
 * playbook-action → playbook link, if/switch-condition → decision with one
 * branch per outcome, parallel → parallel branches, while-condition → repeat.
 * A branch runs until an end step; the step after a branching step is its
 * `on_completion`. A branch that joins a step already placed ends with a jump
 * (`tail.next`). Everything the checklist does not show is kept in `cacao`
 * fields and listed in `unrenderable`, so that ./export writes it back.
 */
import type { Issue } from '../../api/errors';
import { MAX_DEPTH, playbookSchema, type Branch, type Extra, type PhaseId, type Playbook, type Step, type StepCacao, type Tail } from '../model';
import { validatePlaybook } from '../validate';
import { checkCacaoText } from './check';
import { describeStep, fallbackTitle, inferPhase, isRecord, OUTPOST_EXTENSION_ID, UNTITLED_PLAYBOOK, type CacaoStepType, type JsonObject } from './common';
import { localIdFor } from './ids';
import { outpostEntry, readPlaybookExtension, readStepExtension, withoutOutpost, type StepExtension } from './extension';
import { describeExtras, type Unrenderable } from './unrenderable';

export type { Unrenderable } from './unrenderable';
export { localIdFor } from './ids';

export type CacaoImport = { ok: true; playbook: Playbook; warnings: Issue[]; unrenderable: Unrenderable[] } | { ok: false; issues: Issue[] };

export function importCacao(text: string): CacaoImport {
  const checked = checkCacaoText(text);
  if (!checked.ok) return checked;
  return new Converter(checked.doc, checked.workflow, checked.warnings).run();
}

type Sequence = { steps: Step[]; tail?: Tail };

class Converter {
  private readonly placed = new Set<string>();
  private readonly usedEnds = new Set<string>();
  private readonly issues: Issue[] = [];
  private readonly unrenderable: Unrenderable[] = [];
  private readonly defaultPhase: PhaseId;
  /** Group agents that are only a name: they stand for a role, and export writes them again. */
  private readonly roleAgents = new Map<string, string>();
  private readonly ownedAgents = new Map<string, string>();
  private readonly agentDefs: JsonObject;

  constructor(
    private readonly doc: JsonObject,
    private readonly workflow: Record<string, JsonObject>,
    private readonly warnings: Issue[],
  ) {
    this.defaultPhase = inferPhase(doc['playbook_types']);
    this.agentDefs = isRecord(doc['agent_definitions']) ? doc['agent_definitions'] : {};
    const names = new Map<string, string[]>();
    for (const [id, def] of Object.entries(this.agentDefs)) {
      if (isRecord(def) && def['type'] === 'group' && typeof def['name'] === 'string' && /\S/.test(def['name']) && Object.keys(def).length === 2) {
        names.set(def['name'], [...(names.get(def['name']) ?? []), id]);
      }
    }
    for (const [name, ids] of names) if (ids.length === 1) this.roleAgents.set(ids[0] as string, name);
  }

  run(): CacaoImport {
    const doc = this.doc;
    const startId = doc['workflow_start'] as string;
    const startRaw = this.workflow[startId] as JsonObject;
    let start: { id: string; extra?: Extra } | undefined;
    let first: unknown = startId;
    if (startRaw['type'] === 'start') {
      first = startRaw['on_completion'];
      const { type: _t, on_completion: _n, ...rest } = startRaw;
      start = { id: startId, ...nonEmpty(rest) };
      this.placed.add(startId);
      this.note(describeStep(startId, startRaw).replace(/^Step/, 'Start step'), rest);
    }
    const top = this.sequence(typeof first === 'string' ? first : undefined, 0);

    const orphans: Extra = {};
    for (const [id, raw] of Object.entries(this.workflow)) if (!this.placed.has(id) && !this.usedEnds.has(id)) orphans[id] = raw as Extra;
    const orphanCount = Object.keys(orphans).length;
    if (orphanCount > 0) {
      this.warnings.push({ path: 'workflow', message: `${orphanCount} step(s) cannot be reached from the start; they are kept but not shown` });
      this.unrenderable.push({ where: 'Playbook', what: `${orphanCount} workflow step(s) not reachable from the start: ${Object.keys(orphans).join(', ')}` });
    }

    const ext = readPlaybookExtension(outpostEntry(doc['playbook_extensions']), this.warnings);
    const owned = new Set(['type', 'spec_version', 'id', 'workflow_start', 'workflow', 'agent_definitions', 'playbook_extensions', 'extension_definitions']);
    const named = typeof doc['name'] === 'string' && /\S/.test(doc['name']);
    if (named) owned.add('name');
    if (typeof doc['description'] === 'string') owned.add('description');
    for (const f of ['created', 'modified', 'created_by']) if (typeof doc[f] === 'string') owned.add(f);
    const extra: JsonObject = {};
    for (const [key, value] of Object.entries(doc)) if (!owned.has(key)) extra[key] = value;
    const agentDefs = Object.fromEntries(Object.entries(this.agentDefs).filter(([id]) => !this.ownedAgents.has(id)));
    if (Object.keys(agentDefs).length > 0) extra['agent_definitions'] = agentDefs;
    const playbookExtensions = withoutOutpost(doc['playbook_extensions']);
    if (playbookExtensions !== undefined) extra['playbook_extensions'] = playbookExtensions;
    const definitions = isRecord(doc['extension_definitions']) ? withoutOutpost(doc['extension_definitions']) : doc['extension_definitions'];
    if (definitions !== undefined) extra['extension_definitions'] = definitions;
    this.note('Playbook', extra);

    const cacaoId = doc['id'] as string;
    const agents = [...this.ownedAgents].map(([id, role]) => ({ role, id }));
    const playbook: Playbook = {
      id: ext.playbook_id ?? localIdFor(cacaoId),
      version: ext.version ?? 1,
      title: named ? (doc['name'] as string) : UNTITLED_PLAYBOOK,
      ...(typeof doc['description'] === 'string' ? { summary: doc['description'] } : {}),
      categories: ext.categories ?? [],
      ...(ext.audience !== undefined ? { audience: ext.audience } : {}),
      steps: top.steps,
      cacao: {
        id: cacaoId,
        ...(typeof doc['created'] === 'string' ? { created: doc['created'] } : {}),
        ...(typeof doc['modified'] === 'string' ? { modified: doc['modified'] } : {}),
        ...(typeof doc['created_by'] === 'string' ? { createdBy: doc['created_by'] } : {}),
        ...(start ? { start } : {}),
        ...(top.tail ? { tail: top.tail } : {}),
        ...(agents.length > 0 ? { agents } : {}),
        ...nonEmpty(extra),
        ...(orphanCount > 0 ? { orphans } : {}),
      },
    };
    if (this.issues.length > 0) return { ok: false, issues: this.issues };
    const parsed = playbookSchema.safeParse(playbook);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
    const validated = validatePlaybook(playbook);
    if (!validated.ok) return { ok: false, issues: validated.issues };
    return { ok: true, playbook, warnings: this.warnings, unrenderable: this.unrenderable };
  }

  private note(where: string, extra: JsonObject, stepId?: string): void {
    for (const what of describeExtras(extra)) this.unrenderable.push({ ...(stepId ? { stepId } : {}), where, what });
  }

  private sequence(firstId: string | undefined, depth: number): Sequence {
    const steps: Step[] = [];
    let id = firstId;
    if (depth > MAX_DEPTH) {
      this.issues.push({ path: `workflow.${firstId ?? ''}`, message: `Branches are nested more than ${MAX_DEPTH} levels deep` });
      return { steps };
    }
    while (id !== undefined) {
      const raw = this.workflow[id] as JsonObject;
      if (raw['type'] === 'end') {
        const { type: _t, ...rest } = raw;
        if (!this.usedEnds.has(id)) this.note(describeStep(id, raw).replace(/^Step/, 'End step'), rest);
        this.usedEnds.add(id);
        return { steps, tail: { end: { id, ...nonEmpty(rest) } } };
      }
      if (this.placed.has(id) || raw['type'] === 'start') return { steps, tail: { next: id } };
      this.placed.add(id);
      const { step, next } = this.step(id, raw, depth);
      steps.push(step);
      id = next;
    }
    return { steps };
  }

  private step(id: string, raw: JsonObject, depth: number): { step: Step; next: string | undefined } {
    const type = raw['type'] as CacaoStepType;
    const owned = new Set(['type']);
    const where = `workflow.${id}`;
    const ext = readStepExtension(outpostEntry(raw['step_extensions']), `${where}.step_extensions.${OUTPOST_EXTENSION_ID}`, this.warnings);
    const cacao: StepCacao = { id };
    let next: string | undefined;
    if (typeof raw['on_completion'] === 'string') {
      next = raw['on_completion'];
      owned.add('on_completion');
    } else if (typeof raw['on_success'] === 'string') {
      next = raw['on_success'];
      owned.add('on_success');
      cacao.nextField = 'on_success';
    }
    const named = typeof raw['name'] === 'string' && /\S/.test(raw['name']);
    if (named) owned.add('name');
    if (typeof raw['description'] === 'string') owned.add('description');
    const stepId = ext.step_id ?? id;
    if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(stepId)) this.issues.push({ path: where, message: `${describeStep(id, raw)}: its id cannot be used as a checklist step id` });
    const common = {
      id: stepId,
      title: named ? (raw['name'] as string) : fallbackTitle(type, raw['description']),
      phase: ext.phase ?? this.defaultPhase,
      ...(typeof raw['description'] === 'string' ? { description: raw['description'] } : {}),
      ...outpostFields(ext),
    };
    const branch = (field: string): Sequence => {
      const target = raw[field];
      if (typeof target !== 'string') return { steps: [] };
      owned.add(field);
      return this.sequence(target, depth + 1);
    };
    let step: Step;
    switch (type) {
      case 'action':
        step = { ...common, kind: 'task', instructions: this.instructions(raw, owned, cacao) };
        this.role(raw, ext, owned, step);
        break;
      case 'playbook-action': {
        if (typeof raw['playbook_id'] === 'string') owned.add('playbook_id');
        else this.issues.push({ path: `${where}.playbook_id`, message: `${describeStep(id, raw)} names no playbook to run` });
        const version = raw['playbook_version'];
        if (typeof version === 'string') owned.add('playbook_version');
        const target = { cacaoId: String(raw['playbook_id']), ...(ext.link_id ? { playbookId: ext.link_id } : {}), ...(typeof version === 'string' ? { version } : {}) };
        step = { ...common, kind: 'playbook', target };
        break;
      }
      case 'if-condition': {
        if (typeof raw['condition'] === 'string') owned.add('condition');
        const labels = ext.branch_labels ?? {};
        const branches: Branch[] = [
          { key: 'true', label: labels['true'] ?? 'Yes', ...branch('on_true') },
          { key: 'false', label: labels['false'] ?? 'No', ...branch('on_false') },
        ];
        step = { ...common, kind: 'decision', mode: 'if', ...(typeof raw['condition'] === 'string' ? { condition: raw['condition'] } : {}), branches };
        break;
      }
      case 'switch-condition': {
        if (typeof raw['switch'] === 'string') owned.add('switch');
        const cases = isRecord(raw['cases']) ? Object.entries(raw['cases']) : [];
        if (cases.length === 0) this.issues.push({ path: `${where}.cases`, message: `${describeStep(id, raw)} has no cases to choose from` });
        owned.add('cases');
        const labels = ext.branch_labels ?? {};
        const branches: Branch[] = cases.map(([key, target]) => {
          if (!/\S/.test(key)) this.issues.push({ path: `${where}.cases`, message: `${describeStep(id, raw)} has a case without a name` });
          return { key, label: labels[key] ?? key, ...this.sequence(target as string, depth + 1) };
        });
        step = { ...common, kind: 'decision', mode: 'switch', ...(typeof raw['switch'] === 'string' ? { condition: raw['switch'] } : {}), branches };
        break;
      }
      case 'while-condition': {
        if (typeof raw['condition'] === 'string') owned.add('condition');
        const body = branch('on_true');
        step = { ...common, kind: 'repeat', condition: typeof raw['condition'] === 'string' ? raw['condition'] : '', ...body };
        break;
      }
      case 'parallel': {
        const targets = Array.isArray(raw['next_steps']) ? (raw['next_steps'] as string[]) : [];
        if (targets.length === 0) this.issues.push({ path: `${where}.next_steps`, message: `${describeStep(id, raw)} has no parallel branches` });
        owned.add('next_steps');
        step = { ...common, kind: 'parallel', branches: targets.map((t) => this.sequence(t, depth + 1)) };
        break;
      }
      case 'start':
      case 'end':
        throw new Error(`A ${type} step is not a checklist step`);
    }
    const extra: JsonObject = {};
    for (const [key, value] of Object.entries(raw)) if (!owned.has(key) && key !== 'step_extensions') extra[key] = value;
    const extensions = withoutOutpost(raw['step_extensions']);
    if (extensions !== undefined) extra['step_extensions'] = extensions;
    if (isRecord(cacao.extra)) Object.assign(extra, cacao.extra);
    if (Object.keys(extra).length > 0) cacao.extra = extra as Extra;
    else delete cacao.extra;
    step.cacao = cacao;
    this.note(`Step “${step.title.slice(0, 80)}”`, withoutCommandText(extra, cacao.instructionsAt), step.id);
    return { step, next };
  }

  /** The first manual command is the instructions; other commands stay as they are. */
  private instructions(raw: JsonObject, owned: Set<string>, cacao: StepCacao): string {
    const commands = raw['commands'];
    if (!Array.isArray(commands)) return '';
    const at = commands.findIndex((c) => isRecord(c) && c['type'] === 'manual' && typeof c['command'] === 'string');
    if (at < 0) return '';
    const command = commands[at] as JsonObject;
    owned.add('commands');
    if (commands.length > 1 || Object.keys(command).length !== 2 || command['command'] === '') {
      const { command: _text, ...rest } = command;
      const kept: unknown[] = commands.map((c: unknown, i) => (i === at ? rest : c));
      cacao.extra = { commands: kept as Extra[string] };
      cacao.instructionsAt = at;
    }
    return command['command'] as string;
  }

  /** Who does it: the name of the step's agent, unless the Outpost extension says otherwise. */
  private role(raw: JsonObject, ext: StepExtension, owned: Set<string>, step: Step): void {
    const agent = raw['agent'];
    if (typeof agent !== 'string') return;
    const roleName = this.roleAgents.get(agent);
    if (roleName !== undefined && (ext.role === undefined || ext.role === roleName)) {
      owned.add('agent');
      this.ownedAgents.set(agent, roleName);
      step.role = roleName;
      return;
    }
    const def = this.agentDefs[agent];
    if (ext.role === undefined && isRecord(def) && typeof def['name'] === 'string' && /\S/.test(def['name'])) step.role = def['name'];
  }
}

function outpostFields(ext: StepExtension): Partial<Step> {
  return {
    ...(ext.role !== undefined ? { role: ext.role } : {}),
    ...(ext.evidence !== undefined ? { evidence: ext.evidence } : {}),
    ...(ext.optional ? { optional: true } : {}),
    ...(ext.notify !== undefined ? { notify: ext.notify } : {}),
    ...(ext.escalate !== undefined ? { escalate: ext.escalate } : {}),
  };
}

function nonEmpty(extra: JsonObject): { extra?: Extra } {
  return Object.keys(extra).length > 0 ? { extra: extra as Extra } : {};
}

/** The commands left in `extra` minus the one shown as instructions, for the list of what is not shown. */
function withoutCommandText(extra: JsonObject, at: number | undefined): JsonObject {
  const commands = extra['commands'];
  if (at === undefined || !Array.isArray(commands)) return extra;
  const rest = commands.filter((_c, i) => i !== at);
  const { commands: _all, ...others } = extra;
  return rest.length > 0 ? { ...others, commands: rest } : others;
}

/**
 * The playbook model: a response plan that local staff follow as a checklist.
 *
 * A playbook is an ordered list of steps. Each step belongs to a phase of the
 * CERT process map (Prepare, the Respond phases verify → follow-up, Improve)
 * and says what to do (instructions), who does it (role), what to record as
 * evidence, whom to notify (ids of notification lists of the team, see
 * ./team) and where to escalate. Structure is nested, not a graph:
 *
 *   task       a thing to do (CACAO action)
 *   decision   'if' (branches 'true'/'false') or 'switch' (named cases); each
 *              branch holds its own steps; only the branch taken counts
 *   parallel   branches worked at the same time; all of them count
 *   repeat     a group of steps done again while a condition holds (CACAO
 *              while-condition)
 *   playbook   run another playbook (CACAO playbook-action)
 *
 * Every text is plain text (never HTML), at most MAX_TEXT characters.
 *
 * `cacao` fields carry what the CACAO 2.0 mapping (./cacao) needs to write
 * the same document again: the ids of the CACAO objects, the start and end
 * steps, and `extra`, the properties of the original document that the
 * checklist does not show (agents, targets, non-manual commands, variables,
 * extensions…), put back unchanged on export. A playbook written in the app
 * gets its CACAO ids when it is saved (assignCacaoIds in ./cacao/ids).
 */
import { z } from 'zod';
import { categoryIds } from '../domain/taxonomy';
import { text } from '../events/primitives';

/** The CERT process map: Prepare, the seven Respond phases, Improve. */
export const phaseIds = ['prepare', 'verify', 'contain', 'notify', 'analyze', 'research', 'recover', 'follow-up', 'improve'] as const;
export type PhaseId = (typeof phaseIds)[number];

export const phaseLabels: Record<PhaseId, string> = {
  prepare: 'Prepare',
  verify: 'Verify',
  contain: 'Contain',
  notify: 'Notify',
  analyze: 'Analyze',
  research: 'Research',
  recover: 'Recover',
  'follow-up': 'Follow up',
  improve: 'Improve',
};

export const MAX_TEXT = 100_000;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_STEPS = 5000;
export const MAX_DEPTH = 32;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** builtin.<name> for the library shipped with Outpost, local.<uuid> for playbooks of this vault. */
const PLAYBOOK_ID = /^[a-z][a-z0-9]{0,15}\.[a-z0-9][a-z0-9-]{0,63}$/;
/** CACAO 2.0 identifier: <object type>--<UUID>. */
export const CACAO_ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

export const playbookIdSchema = z.string().regex(PLAYBOOK_ID, 'Not a playbook id (e.g. builtin.phishing or local.<uuid>)');
export const stepIdSchema = z.string().regex(ID, 'Not a step id (letters, digits, . _ : -, at most 128)');
/** Ids of objects inside a CACAO document; imported documents may bend the identifier rules, so only the shape of a key is checked. */
export const cacaoRefSchema = z.string().regex(/^[^\s|]{1,200}$/, 'Not a CACAO identifier');
export const listIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Not a contact list id (lowercase letters, digits and -)');

const plain = (label: string, min: 0 | 1 = 0) => text(label, min, MAX_TEXT);

/** Any JSON value, kept as it came. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const extraSchema = z.record(z.string(), z.json());
export type Extra = Record<string, Json>;

export type EndStep = { id: string; extra?: Extra };
/**
 * Where a sequence of steps leads in CACAO once its last step is done: an end
 * step, or (`next`) a step already placed elsewhere, when branches of the
 * original document join again. Neither: the last step leads nowhere.
 */
export type Tail = { end?: EndStep; next?: string };

export type StepCacao = {
  id: string;
  /** Properties of the CACAO step the checklist does not show. */
  extra?: Extra;
  /** Which of the step's CACAO commands holds the instructions, when it had several or extra fields. */
  instructionsAt?: number;
  /** The original linked to the next step with on_success instead of on_completion. */
  nextField?: 'on_success';
};

type StepCommon = {
  id: string;
  title: string;
  phase: PhaseId;
  /** Background: why the step matters (CACAO description). */
  description?: string;
  /** Who does it. */
  role?: string;
  /** What to record as evidence or output. */
  evidence?: string;
  /** May reasonably be skipped (with a reason) in some incidents. */
  optional?: boolean;
  /** Ids of the team's notification lists to inform at this step. */
  notify?: string[];
  /** Id of the team's escalation list to use when this step cannot be done locally. */
  escalate?: string;
  cacao?: StepCacao;
};

export type TaskStep = StepCommon & { kind: 'task'; instructions: string };
export type Branch = { key: string; label: string; steps: Step[]; tail?: Tail };
export type DecisionStep = StepCommon & { kind: 'decision'; mode: 'if' | 'switch'; condition?: string; branches: Branch[] };
export type ParallelBranch = { steps: Step[]; tail?: Tail };
export type ParallelStep = StepCommon & { kind: 'parallel'; branches: ParallelBranch[] };
export type RepeatStep = StepCommon & { kind: 'repeat'; condition: string; steps: Step[]; tail?: Tail };
export type PlaybookTarget = { cacaoId: string; playbookId?: string; version?: string };
export type PlaybookLinkStep = StepCommon & { kind: 'playbook'; target: PlaybookTarget };
export type Step = TaskStep | DecisionStep | ParallelStep | RepeatStep | PlaybookLinkStep;
export type StepKind = Step['kind'];

export type PlaybookCacao = {
  id: string;
  created?: string;
  modified?: string;
  createdBy?: string;
  start?: { id: string; extra?: Extra };
  tail?: Tail;
  /** The CACAO group agent standing for each role, so that every action names who does it. */
  agents?: Array<{ role: string; id: string }>;
  /** Top-level properties the checklist does not show. */
  extra?: Extra;
  /** Workflow steps that cannot be reached from the start, kept as they came. */
  orphans?: Extra;
};

export type Playbook = {
  id: string;
  /** Starts at 1 and grows by one with each saved edit; a saved version never changes. */
  version: number;
  title: string;
  summary?: string;
  /** Incident categories it is meant for (Reference Security Incident Taxonomy ids). */
  categories: Array<(typeof categoryIds)[number]>;
  /** Who it is written for and what they need to know before starting. */
  audience?: string;
  steps: Step[];
  cacao?: PlaybookCacao;
};

const endStepSchema = z.strictObject({ id: cacaoRefSchema, extra: extraSchema.exactOptional() });
const tailSchema = z.strictObject({ end: endStepSchema.exactOptional(), next: cacaoRefSchema.exactOptional() });

const stepCacaoSchema = z.strictObject({
  id: cacaoRefSchema,
  extra: extraSchema.exactOptional(),
  instructionsAt: z.int().min(0).max(10_000).exactOptional(),
  nextField: z.literal('on_success').exactOptional(),
});

const common = {
  id: stepIdSchema,
  title: plain('Step title', 1),
  phase: z.enum(phaseIds),
  description: plain('Description').exactOptional(),
  role: plain('Role').exactOptional(),
  evidence: plain('Evidence to record').exactOptional(),
  optional: z.boolean().exactOptional(),
  notify: z.array(listIdSchema).max(50).exactOptional(),
  escalate: listIdSchema.exactOptional(),
  cacao: stepCacaoSchema.exactOptional(),
};

export const stepSchema: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ ...common, kind: z.literal('task'), instructions: plain('Instructions') }),
    z.strictObject({
      ...common,
      kind: z.literal('decision'),
      mode: z.enum(['if', 'switch']),
      condition: plain('Condition').exactOptional(),
      branches: z.array(branchSchema).min(1, 'A decision needs at least one branch').max(100),
    }),
    z.strictObject({ ...common, kind: z.literal('parallel'), branches: z.array(parallelBranchSchema).min(1).max(100) }),
    z.strictObject({ ...common, kind: z.literal('repeat'), condition: plain('Condition'), steps: z.array(stepSchema).max(MAX_STEPS), tail: tailSchema.exactOptional() }),
    z.strictObject({
      ...common,
      kind: z.literal('playbook'),
      target: z.strictObject({ cacaoId: cacaoRefSchema, playbookId: playbookIdSchema.exactOptional(), version: text('Playbook version', 1, 100).exactOptional() }),
    }),
  ]),
);

const branchSchema: z.ZodType<Branch> = z.lazy(() =>
  z.strictObject({
    key: text('Branch key', 1, 250),
    label: text('Branch label', 1, 1000),
    steps: z.array(stepSchema).max(MAX_STEPS),
    tail: tailSchema.exactOptional(),
  }),
);

const parallelBranchSchema: z.ZodType<ParallelBranch> = z.lazy(() => z.strictObject({ steps: z.array(stepSchema).max(MAX_STEPS), tail: tailSchema.exactOptional() }));

export const playbookCacaoSchema = z.strictObject({
  id: cacaoRefSchema,
  created: text('Created', 1, 100).exactOptional(),
  modified: text('Modified', 1, 100).exactOptional(),
  createdBy: cacaoRefSchema.exactOptional(),
  start: z.strictObject({ id: cacaoRefSchema, extra: extraSchema.exactOptional() }).exactOptional(),
  tail: tailSchema.exactOptional(),
  agents: z.array(z.strictObject({ role: plain('Role', 1), id: cacaoRefSchema })).max(1000).exactOptional(),
  extra: extraSchema.exactOptional(),
  orphans: extraSchema.exactOptional(),
});

export const playbookSchema: z.ZodType<Playbook> = z.strictObject({
  id: playbookIdSchema,
  version: z.int().min(1).max(1_000_000),
  title: plain('Playbook title', 1),
  summary: plain('Summary').exactOptional(),
  categories: z.array(z.enum(categoryIds)).max(categoryIds.length),
  audience: plain('Audience').exactOptional(),
  steps: z.array(stepSchema).max(MAX_STEPS),
  cacao: playbookCacaoSchema.exactOptional(),
});

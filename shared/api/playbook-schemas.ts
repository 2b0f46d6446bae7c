/**
 * API shapes of the playbook library, checklists run in cases, and the team
 * (contacts and notification/escalation lists). Inputs are validated by the
 * dispatcher with these schemas; results are produced by our own core.
 */
import { z } from 'zod';
import { categoryIds } from '../domain/taxonomy';
import { supersedesSchema, text, uuidSchema } from '../events/primitives';
import type { Unrenderable } from '../playbooks/cacao/unrenderable';
import { checklistLinksSchema, checklistNoteSchema, checklistReasonSchema, checklistStatuses, MAX_ITERATION } from '../playbooks/checklist-events';
import type { ChecklistRun } from '../playbooks/checklist-fold';
import { MAX_FILE_BYTES, MAX_STEPS, MAX_TEXT, playbookCacaoSchema, playbookIdSchema, stepIdSchema, stepSchema, type PhaseId, type Playbook } from '../playbooks/model';
import { teamSchema, type Team } from '../playbooks/team';
import { nestingDepth } from '../playbooks/validate';
import type { Issue } from './errors';

const version = z.int().min(1).max(1_000_000);
const caseId = uuidSchema.describe('case id');
// Deeper than any playbook may be (see ../playbooks/validate); refused before the recursive schema walks it.
const MAX_INPUT_DEPTH = 200;

/**
 * A playbook as the app edits it: `id` absent for a new one; `version` is
 * ignored (the library numbers versions); `cacao` ids are added on save.
 */
// exactOptional like the model: a key is absent or has a value, never undefined.
const draftShape = z.strictObject({
  id: playbookIdSchema.exactOptional(),
  version: version.exactOptional(),
  title: text('Playbook title', 1, MAX_TEXT),
  summary: text('Summary', 0, MAX_TEXT).exactOptional(),
  categories: z.array(z.enum(categoryIds)).max(categoryIds.length),
  audience: text('Audience', 0, MAX_TEXT).exactOptional(),
  steps: z.array(stepSchema).max(MAX_STEPS),
  cacao: playbookCacaoSchema.exactOptional(),
});

export const PlaybookDraft = z
  .unknown()
  .refine((v) => nestingDepth(v, MAX_INPUT_DEPTH) <= MAX_INPUT_DEPTH, 'The playbook is nested too deeply')
  .pipe(draftShape) as unknown as typeof draftShape;
export type PlaybookDraftInput = z.output<typeof PlaybookDraft>;

export const PlaybookListQuery = z.strictObject({ includeRetired: z.boolean().optional() });
export const PlaybookRef = z.strictObject({ id: playbookIdSchema, version: version.optional() });
/** Coordinator: sends a version (the latest when none is given) to every field device's library with the next sync. */
export const PlaybookPublish = PlaybookRef;
export const PlaybookSave = z.strictObject({
  playbook: PlaybookDraft,
  /** The version the edit started from; refused when someone saved a newer one since. */
  baseVersion: version.optional(),
});
export const PlaybookCopy = z.strictObject({ id: playbookIdSchema, version: version.optional(), title: text('Title', 1, MAX_TEXT).optional() });
export const PlaybookRetire = z.strictObject({ id: playbookIdSchema, retired: z.boolean().optional() });
export const PlaybookImport = z.strictObject({
  // A little over the file limit, so that the import itself can say how large the file is.
  json: z.string().max(MAX_FILE_BYTES + 1024, `A playbook file can have at most ${MAX_FILE_BYTES} bytes`),
  /** Check and convert only; store nothing. */
  dryRun: z.boolean().optional(),
});

export const ChecklistQuery = z.strictObject({ caseId });
export const ChecklistAttach = z.strictObject({ caseId, playbookId: playbookIdSchema, version: version.optional() });
const stepRef = { caseId, runId: uuidSchema, stepId: stepIdSchema, iteration: z.int().min(0).max(MAX_ITERATION).optional() };
export const ChecklistSetStep = z
  .strictObject({
    ...stepRef,
    status: z.enum(checklistStatuses),
    /** Required for skipped and blocked. */
    reason: checklistReasonSchema.optional(),
    /** Absent: keep the current note; '' removes it. */
    note: z.union([z.literal(''), checklistNoteSchema]).optional(),
    /** Absent: keep the current links. */
    links: checklistLinksSchema.optional(),
    /** The `heads` the user saw; absent: the current heads on this device. */
    supersedes: supersedesSchema.optional(),
  })
  .refine((v) => (v.status !== 'skipped' && v.status !== 'blocked') || v.reason !== undefined, {
    message: 'Say why: a skipped or blocked step needs a reason',
    path: ['reason'],
  });
export const ChecklistDecide = z.strictObject({ ...stepRef, branch: text('Branch', 1, 250), supersedes: supersedesSchema.optional() });
export const ChecklistDetach = z.strictObject({ caseId, runId: uuidSchema, reason: text('Reason', 1, 2000) });

export const TeamQuery = z.strictObject({});
export const TeamSave = z.strictObject({ team: teamSchema });

/** One playbook of the library, as listed. */
export type PlaybookSummary = {
  id: string;
  /** The latest version. */
  version: number;
  /** Every version kept, oldest first (built-ins: only the one shipped). */
  versions: number[];
  title: string;
  summary?: string;
  categories: Playbook['categories'];
  audience?: string;
  origin: 'builtin' | 'local';
  retired: boolean;
  retiredAt?: string;
  stepCount: number;
  phases: PhaseId[];
  /** CACAO id, and the time this version was saved. */
  cacaoId: string;
  modified?: string;
};

/** A playbook of the library in full, at the version asked for (default: the latest). */
export type PlaybookDetail = { summary: PlaybookSummary; playbook: Playbook };

export type PlaybookImportResult = {
  playbook: Playbook;
  /** Absent for a dry run. */
  summary?: PlaybookSummary;
  outcome: 'created' | 'new-version' | 'unchanged' | 'dry-run';
  /** Departures from the CACAO schema that did not stop the import. */
  warnings: Issue[];
  /** What was kept from the file but is not shown in the checklist; export writes it back. */
  unrenderable: Unrenderable[];
};

export type PlaybookExportResult = { json: string; fileName: string };

export type ChecklistRunView = ChecklistRun & {
  /** The latest version in this vault's library, when it is newer than the one the run keeps. */
  newerVersion?: number;
};
export type ChecklistView = { caseId: string; runs: ChecklistRunView[] };

export const PlaybookListOutput = z.custom<PlaybookSummary[]>();
export const PlaybookSummaryOutput = z.custom<PlaybookSummary>();
export const PlaybookDetailOutput = z.custom<PlaybookDetail>();
export const PlaybookImportOutput = z.custom<PlaybookImportResult>();
export const PlaybookExportOutput = z.custom<PlaybookExportResult>();
export const ChecklistViewOutput = z.custom<ChecklistView>();
export const TeamOutput = z.custom<Team>();

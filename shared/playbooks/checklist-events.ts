/**
 * Case events of playbooks run as checklists (registered in
 * ../events/event.ts; this file imports only the event primitives, so that
 * registration makes no import cycle).
 *
 * - playbook.attached   {runId, playbookId, version, title, snapshot}: a run
 *   of a playbook starts in the case. The snapshot is the whole playbook as
 *   attached, so the case keeps the version it started with, also in bundles
 *   sent to devices that do not have that playbook.
 * - checklist.step.set  {runId, stepId, iteration?, stepTitle, status,
 *   reason?, note?, links?, supersedes}: the full state of one step of a run
 *   (a reason is required for skipped and blocked). `iteration` numbers the
 *   passes of a repeated group (0 when absent). `stepTitle` is the title at
 *   the time, for the history; the fold uses the snapshot.
 * - checklist.decision  {runId, stepId, iteration?, stepTitle, branch,
 *   branchLabel, supersedes}: the branch taken at a decision.
 *
 * Both kinds of writes name in `supersedes` the writes of the same step their
 * author saw, so that concurrent writes from two devices are detected (see
 * ./checklist-fold). A run is detached by an `entry.retracted` naming its
 * runId; nothing is deleted.
 */
import { z } from 'zod';
import { supersedesSchema, text, uuidSchema } from '../events/primitives';
import { MAX_TEXT, playbookIdSchema, playbookSchema, stepIdSchema } from './model';

export const checklistStatuses = ['open', 'done', 'skipped', 'blocked', 'not-applicable'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];

/** What a step produced: notes, evidence items, timeline entries, indicators of the case. */
export const checklistLinkKinds = ['note', 'evidence', 'timeline', 'indicator', 'other'] as const;
export const checklistLinkSchema = z.strictObject({
  kind: z.enum(checklistLinkKinds),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'Not an id'),
});
export type ChecklistLink = z.infer<typeof checklistLinkSchema>;

export const MAX_ITERATION = 999;
const iteration = z.int().min(0).max(MAX_ITERATION);

export const checklistReasonSchema = text('Reason', 1, 2000);
export const checklistNoteSchema = text('Note', 1, MAX_TEXT);
export const checklistLinksSchema = z.array(checklistLinkSchema).max(100, 'At most 100 links per step');

export const playbookAttachedPayload = z.strictObject({
  runId: uuidSchema,
  playbookId: playbookIdSchema,
  version: z.int().min(1),
  title: text('Title', 1, MAX_TEXT),
  snapshot: playbookSchema,
});

export const checklistStepSetPayload = z
  .strictObject({
    runId: uuidSchema,
    stepId: stepIdSchema,
    iteration: iteration.exactOptional(),
    stepTitle: text('Step title', 1, 300),
    status: z.enum(checklistStatuses),
    reason: checklistReasonSchema.exactOptional(),
    note: checklistNoteSchema.exactOptional(),
    links: checklistLinksSchema.exactOptional(),
    supersedes: supersedesSchema,
  })
  .refine((p) => (p.status !== 'skipped' && p.status !== 'blocked') || p.reason !== undefined, {
    message: 'Say why: a skipped or blocked step needs a reason',
    path: ['reason'],
  });

export const checklistDecisionPayload = z.strictObject({
  runId: uuidSchema,
  stepId: stepIdSchema,
  iteration: iteration.exactOptional(),
  stepTitle: text('Step title', 1, 300),
  branch: text('Branch', 1, 250),
  branchLabel: text('Branch label', 1, 300),
  supersedes: supersedesSchema,
});

export type PlaybookAttachedPayload = z.infer<typeof playbookAttachedPayload>;
export type ChecklistStepSetPayload = z.infer<typeof checklistStepSetPayload>;
export type ChecklistDecisionPayload = z.infer<typeof checklistDecisionPayload>;

/** A title cut to fit `stepTitle` / `branchLabel`. */
export function shortTitle(title: string): string {
  const line = title.replace(/\s+/g, ' ').trim();
  if (line.length <= 300) return line;
  // Never cut a surrogate pair in two: half a character cannot be hashed.
  const cut = /[\uD800-\uDBFF]$/.test(line.slice(0, 299)) ? 298 : 299;
  return `${line.slice(0, cut)}…`;
}

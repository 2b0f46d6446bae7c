/**
 * API shapes of drafts (issue 16): what was being typed in a case's note
 * composer and timeline form, and the case and tab that were open, kept
 * across a lock. Private to this device: not events, never signed, synced
 * or exported.
 */
import { z } from 'zod';
import { CaseId } from './schemas';

/** The composers whose text is kept. */
export const draftKeys = ['note', 'timeline'] as const;
export type DraftKey = (typeof draftKeys)[number];

/** The tabs of a case's workspace (where the app returns after unlock). */
export const workspaceTabs = ['overview', 'notes', 'timeline', 'checklist', 'evidence', 'records', 'history'] as const;
export type WorkspaceTab = (typeof workspaceTabs)[number];

/** Longer than any note (100,000 characters) is not a draft of one. */
export const DRAFT_MAX_CHARS = 100_000;

export const DraftQuery = z.strictObject({ caseId: CaseId });
export const DraftPut = z.strictObject({
  caseId: CaseId,
  key: z.enum(draftKeys, 'Not a draft: note or timeline'),
  /** Empty (or only white space): the draft is deleted. */
  text: z.string().max(DRAFT_MAX_CHARS, `A draft holds at most ${DRAFT_MAX_CHARS.toLocaleString('en')} characters`),
});

export const DraftView = z.strictObject({ caseId: CaseId, texts: z.strictObject({ note: z.string(), timeline: z.string() }) });
export type DraftView = z.infer<typeof DraftView>;

export const WorkspacePlace = z.strictObject({ caseId: CaseId, tab: z.enum(workspaceTabs, 'Not a tab of a case') });
export type WorkspacePlace = z.infer<typeof WorkspacePlace>;

export const PlaceQuery = z.strictObject({});
/** null: no case is open. */
export const PlaceSet = z.strictObject({ place: WorkspacePlace.nullable() });
export const PlaceView = PlaceSet;
export type PlaceView = z.infer<typeof PlaceView>;

/**
 * Runtime schemas for everything that crosses a boundary. One schema per
 * shape, shared by the IPC bridge, the loopback host, the CLI and the
 * renderer's forms, so a rule is written once. Values of case fields reuse
 * the event schemas, so the API cannot accept what the journal would refuse.
 */
import { z } from 'zod';
import { categoryIds, priorities } from '../domain/taxonomy';
import {
  caseFieldSetPayload,
  caseFieldValueSchemas as field,
  entryRetractedPayload,
  noteEditedPayload,
  timelineEditedPayload,
  uuidSchema,
  offsetDateTimeSchema,
} from '../events/event';
import type { CaseEvent } from '../events/event';
import type { CaseState, CaseSummary as FoldedSummary } from '../events/fold';
import type { ChecklistSummary } from '../playbooks/checklist-fold';

export const Empty = z.strictObject({});

export const Passphrase = z
  .string()
  .min(10, 'A passphrase needs at least 10 characters')
  .max(1024, 'A passphrase can have at most 1024 characters');

const ActorName = z.string().trim().min(1, 'Enter your name').max(200);
const ActorRole = z.string().trim().max(100, 'At most 100 characters');
/** `name` and `role` sign what is written in the vault (until the team roster names this device); without a name, the computer's login name is used. */
export const CreateVault = z.strictObject({ passphrase: Passphrase, name: ActorName.optional(), role: ActorRole.optional() });

// Unlocking takes whatever the user typed: a wrong passphrase is reported as
// `wrong_passphrase`, not as a rule about length that would hint at the real one.
const TypedPassphrase = z.string().min(1, 'Enter the passphrase').max(1024);

export const UnlockVault = z.strictObject({
  passphrase: TypedPassphrase,
  /** Open without taking the writer lock: everything can be read, nothing written (another program holds the vault). */
  readOnly: z.boolean().optional(),
});

export const ChangePassphrase = z.strictObject({ current: TypedPassphrase, next: Passphrase });

export const SelectVault = z.strictObject({
  path: z.string().trim().min(1, 'Enter a folder').max(4096),
});

export const StatusQuery = z.strictObject({
  /** True when the user did something since the last status call; keeps the idle lock away. */
  active: z.boolean().optional(),
});

export const VaultState = z.enum(['absent', 'locked', 'unlocked']);

export const lockPrograms = ['app', 'host', 'cli'] as const;
export type LockProgram = (typeof lockPrograms)[number];

/** Who holds a vault's writer lock (the lock file's content, electron/core/vault/LOCK.md). */
export const LockHolder = z.strictObject({
  program: z.enum(lockPrograms),
  pid: z.int().positive(),
  hostname: z.string().min(1).max(255),
  since: z.iso.datetime(),
  token: z.string().regex(/^[0-9a-f]{32}$/),
});
export type LockHolder = z.infer<typeof LockHolder>;

/** What the UI is told of a holder: the token stays with the lock file. */
export const LockHolderView = LockHolder.omit({ token: true });
export type LockHolderView = z.infer<typeof LockHolderView>;

export const VaultStatus = z.strictObject({
  state: VaultState,
  path: z.string(),
  /** Something the user should know after unlocking, e.g. that the index was rebuilt. */
  notices: z.array(z.string()).optional(),
  /** Unlocked read-only: every write is refused. */
  readOnly: z.boolean().optional(),
  /** A replacement of the data key is running or was interrupted: everything reads, writes are refused until it has finished. */
  replacingKey: z.boolean().optional(),
  /** The program holding the vault's writer lock, when it is not this session. */
  heldBy: LockHolderView.optional(),
});


export const Settings = z.strictObject({
  idleLockMinutes: z.int().min(1, 'At least 1 minute').max(1440, 'At most 1440 minutes (a day)'),
  actorName: ActorName,
  actorRole: ActorRole,
  maxClockAheadHours: z.int().min(1, 'At least 1 hour').max(8760, 'At most 8760 hours (a year)'),
  /** Minutes between scheduled syncs with every target that is not paused; 0 syncs only when asked (and on reconnect). */
  syncEveryMinutes: z.int().min(0, 'At least 0 (off)').max(1440, 'At most 1440 minutes (a day)'),
});

export const SettingsUpdate = Settings.partial();

export const SettingsView = Settings.extend({
  device: z.strictObject({ id: z.string(), fingerprint: z.string(), publicKey: z.string() }),
  vaultId: z.string(),
  /** This device's entry in the team roster, once enrolled: its name is the one what is written here is signed with. */
  enrolledAs: z.strictObject({ name: z.string(), role: z.string(), site: z.string() }).nullable(),
});

export const CaseId = uuidSchema.describe('case id');

const trimmed = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), schema);

export const NewCase = z.strictObject({
  title: trimmed(field.title),
  category: z.enum(categoryIds),
  priority: z.enum(priorities),
  site: trimmed(field.site).optional(),
  constituency: trimmed(field.constituency).optional(),
  reporter: trimmed(field.reporter).optional(),
  summary: field.summary.optional(),
  assignees: field.assignees.optional(),
});

export const CaseRef = z.strictObject({ id: CaseId });

export const SetCaseField = z.strictObject({ caseId: CaseId, change: caseFieldSetPayload });

export const AddNote = z.strictObject({ caseId: CaseId, text: noteEditedPayload.shape.text });
export const EditNote = noteEditedPayload.extend({ caseId: CaseId });

export const AddTimelineEntry = z.strictObject({ caseId: CaseId, at: offsetDateTimeSchema, text: timelineEditedPayload.shape.text });
export const EditTimelineEntry = timelineEditedPayload.extend({ caseId: CaseId });

export const RetractEntry = entryRetractedPayload.extend({ caseId: CaseId });

export const HistoryQuery = z.strictObject({
  id: CaseId,
  offset: z.int().min(0),
  limit: z.int().min(1).max(1000),
});

/**
 * A case in the list; `problem` is set when its journal could not be read.
 * Its `conflictCount` adds the conflicts of the attached checklists to those
 * of the case state (fields, notes, timeline).
 */
export type CaseListItem = FoldedSummary & {
  problem?: string;
  /** The attached checklists' progress (absent when none is attached, and in indexes written before it was kept). */
  checklist?: ChecklistSummary | null;
};

export type HistoryItem = {
  id: string;
  type: CaseEvent['type'];
  actor: string;
  device: string;
  /** The roster's name for the device, when the team roster lists it (shown with `actor` when they differ). */
  rosterName?: string;
  hlc: string;
  at: string;
  text: string;
  /** Set when this write lost to a concurrent one and is kept for review. */
  overridden?: boolean;
};

export type HistoryPage = { total: number; offset: number; items: HistoryItem[] };

// Results are produced by our own core, so they are typed but not re-validated at runtime.
export const CaseListOutput = z.custom<CaseListItem[]>();
export const CaseStateOutput = z.custom<CaseState>();
export const HistoryOutput = z.custom<HistoryPage>();

/**
 * API shapes of the evidence log, the investigation records and the job
 * runner (contract methods `evidence.*`, `custody.transfer`, `record.*`,
 * `job.*`). Values reuse the event payload schemas, so the API cannot
 * accept what the journal would refuse. Long work (file intake,
 * verification, export) runs as a job: the call returns a JobView at once;
 * `job.status` / `job.wait` report progress, `job.cancel` stops it.
 */
import { z } from 'zod';
import { absoluteFilePath } from './file-path';
import type { JobViewOf } from './job-view';
import { offsetDateTimeSchema, supersedesSchema, text, uuidSchema } from '../events/primitives';
import type { BulkPreview } from '../evidence/bulk';
import type { EvidenceItemState, EvidenceLog } from '../evidence/evidence-fold';
import { evidenceItemChangesSchema, evidenceItemFieldSchemas as item, type VerificationResult } from '../evidence/evidence-payloads';
import type { GridColumn } from '../evidence/grid';
import { recordInputShapes } from '../evidence/record-input';
import { recordKinds, type RecordKind } from '../evidence/record-payloads';
import type { RecordState } from '../evidence/records-fold';

const caseId = uuidSchema.describe('case id');
const person = (label: string) => text(label, 1, 200);
const absolutePath = absoluteFilePath;

// ── Evidence items ──────────────────────────────────────────────────────────

/** `collectedBy` defaults to the vault's actor name, `collectedAt` to now (local time with offset), `type` to `other`. */
export const EvidenceRegister = z.strictObject({
  caseId,
  description: item.description,
  type: item.type.optional(),
  source: item.source.optional(),
  location: item.location.optional(),
  collectedBy: item.collectedBy.optional(),
  collectedAt: item.collectedAt.optional(),
  method: item.method.optional(),
});

export const EvidenceUpdate = z.strictObject({ caseId, itemId: uuidSchema, changes: evidenceItemChangesSchema, supersedes: supersedesSchema });
export const EvidenceList = z.strictObject({ caseId });
export const EvidenceItemRef = z.strictObject({ caseId, itemId: uuidSchema });

/** `path`: an absolute path to a regular file on this computer (drag and drop, file dialog, CLI, browser mode). */
export const EvidenceAttach = z.strictObject({
  caseId,
  itemId: uuidSchema,
  path: absolutePath,
  sha1: z.boolean().optional(),
  md5: z.boolean().optional(),
  /** Defaults to the file's own name. */
  name: text('File name', 1, 1024).optional(),
  mediaType: text('Media type', 1, 200).optional(),
});

export const CustodyTransfer = z.strictObject({
  caseId,
  itemId: uuidSchema,
  from: person('From'),
  to: person('To'),
  at: offsetDateTimeSchema,
  place: text('Place', 0, 500).optional(),
  purpose: text('Purpose', 0, 2000).optional(),
  condition: text('Condition', 0, 2000).optional(),
});

/** `by` defaults to the vault's actor name, `at` to now. */
export const EvidenceAccess = z.strictObject({
  caseId,
  itemId: uuidSchema,
  by: person('By').optional(),
  at: offsetDateTimeSchema.optional(),
  purpose: text('Purpose', 1, 2000),
});

/** Without itemId: every file of the case; with itemId: that item's; with fileId too: that file. */
export const EvidenceVerify = z.strictObject({ caseId, itemId: uuidSchema.optional(), fileId: uuidSchema.optional() });

/** `path`: the file to write (must not exist), or an existing folder to write the file into under its own name. */
export const EvidenceExport = z.strictObject({ caseId, itemId: uuidSchema, fileId: uuidSchema, path: absolutePath });

export const EvidenceForm = z.strictObject({ caseId, itemId: uuidSchema.optional() });

/** Retracts an item, a file (its fileId), a transfer or an access (its event id). */
export const EvidenceRetract = z.strictObject({ caseId, target: uuidSchema, reason: text('Reason', 1, 2000) });

export type EvidenceFormDocument = { html: string; fileName: string };
export type CsvExport = { csv: string; fileName: string; rows: number; defanged?: boolean };

// ── Jobs ────────────────────────────────────────────────────────────────────

export const JobRef = z.strictObject({ jobId: uuidSchema.describe('job id') });
/** Answers when the job has finished or after `timeoutMs` (default 10 s), whichever comes first. */
export const JobWait = z.strictObject({ jobId: uuidSchema.describe('job id'), timeoutMs: z.int().min(0).max(30_000).optional() });

export type { JobState } from './job-view';
/** queued → reading (hash + encrypt) → storing (fsync, rename) → recording (the event); verifying; writing. */
export type JobPhase = 'queued' | 'reading' | 'storing' | 'recording' | 'verifying' | 'writing' | 'finished';

export type IntakeResult = {
  itemId: string;
  fileId: string;
  name: string;
  size: number;
  sha256: string;
  sha1?: string;
  md5?: string;
  blob: string;
  /** True when identical content was already stored: nothing new was written. */
  deduplicated: boolean;
  item: EvidenceItemState;
};
export type VerifyFileResult = { itemId: string; fileId: string; name: string; size: number; result: VerificationResult; detail: string };
export type VerifyResult = { checked: number; ok: number; failed: number; files: VerifyFileResult[] };
export type ExportResult = { itemId: string; fileId: string; path: string; size: number; sha256: string };

export type JobResults = { 'evidence.intake': IntakeResult; 'evidence.verify': VerifyResult; 'evidence.export': ExportResult };
export type JobKind = keyof JobResults;

/** `result` is set when done, and also when a verification failed (state `failed`, error `damaged`). */
export type JobView = { [K in JobKind]: JobViewOf<K, JobResults[K], JobPhase> }[JobKind];

// ── Investigation records ──────────────────────────────────────────────────

const kind = z.enum(recordKinds, { error: `Unknown record kind; expected one of ${recordKinds.join(', ')}` });

export const RecordList = z.strictObject({
  caseId,
  kind,
  /** Terms that must all match; `column:text` looks at one column (see shared/evidence/grid.ts). */
  query: z.string().max(1000).optional(),
  sort: z.strictObject({ key: z.string().max(100), direction: z.enum(['asc', 'desc']) }).optional(),
  includeRetracted: z.boolean().optional(),
});

const addOf = <K extends RecordKind>(k: K) => z.strictObject({ caseId, kind: z.literal(k), fields: z.strictObject(recordInputShapes[k]).partial() });
const updateOf = <K extends RecordKind>(k: K) =>
  z.strictObject({ caseId, recordId: uuidSchema, kind: z.literal(k), changes: z.strictObject(recordInputShapes[k]).partial(), supersedes: supersedesSchema });

/** Fields as typed: the indicator value raw or defanged (normalized by the core), dates leniently, addresses as text. */
export const RecordAdd = z.discriminatedUnion('kind', [addOf('indicator'), addOf('system'), addOf('account'), addOf('malware'), addOf('exfiltration')]);
export const RecordUpdate = z.discriminatedUnion('kind', [updateOf('indicator'), updateOf('system'), updateOf('account'), updateOf('malware'), updateOf('exfiltration')]);
export const RecordRetract = z.strictObject({ caseId, recordId: uuidSchema, reason: text('Reason', 1, 2000) });

const pasted = z.string().min(1, 'Paste some rows').max(2_000_000, 'At most 2,000,000 characters at a time');
export const RecordPreviewImport = z.strictObject({ caseId, kind, text: pasted });
/** All rows or nothing; with `skipBadRows: true`, explicitly, only the good rows. */
export const RecordImport = z.strictObject({ caseId, kind, text: pasted, skipBadRows: z.boolean().optional() });
/**
 * `defanged` (indicators only, on unless `false`): network values written as `hxxp://evil[.]com`,
 * so a file sent by mail or chat holds nothing clickable; the paste import reads them back.
 */
export const RecordExportCsv = z.strictObject({ caseId, kind, includeRetracted: z.boolean().optional(), defanged: z.boolean().optional() });

export type RecordGrid = { kind: RecordKind; columns: readonly GridColumn[]; rows: RecordState[]; total: number };
export type ImportResult = { kind: RecordKind; imported: number; recordIds: string[]; skippedBadRows: number; skippedDuplicates: number; eventId: string | null };

// Results are produced by our own core, so they are typed but not re-validated at runtime.
export const EvidenceItemOutput = z.custom<EvidenceItemState>();
export const EvidenceLogOutput = z.custom<EvidenceLog>();
export const EvidenceFormOutput = z.custom<EvidenceFormDocument>();
export const CsvOutput = z.custom<CsvExport>();
export const JobOutput = z.custom<JobView>();
export const JobListOutput = z.custom<JobView[]>();
export const JobResultOutput = z.custom<JobResults[JobKind]>();
export const RecordListOutput = z.custom<RecordGrid>();
export const RecordOutput = z.custom<RecordState>();
export const BulkPreviewOutput = z.custom<BulkPreview>();
export const ImportOutput = z.custom<ImportResult>();

/**
 * Payloads of the evidence-log events (registered in shared/events/event.ts):
 *
 * - `evidence.registered` {itemId, description, type, source, location,
 *   collectedBy, collectedAt, method}: an item enters the log; the person
 *   who collected it is its first holder.
 * - `evidence.updated` {itemId, changes, supersedes}: corrections of some
 *   fields; `supersedes` names the events the author saw as current.
 * - `evidence.file.attached` {itemId, fileId, name, size, sha256, sha1?,
 *   md5?, blob, mediaType?, path, at}: a file was hashed and stored in the
 *   vault's blob store (`blob` is its keyed name there, see
 *   electron/core/vault/FORMAT.md); `path` is where it was read from.
 * - `custody.transferred` {itemId, from, to, at, place, purpose, condition}.
 * - `evidence.accessed` {itemId, by, at, purpose}.
 * - `evidence.verified` {itemId, fileId, at, result, detail, sha256?}: a
 *   re-hash of a stored file; `sha256` is what was computed, when it could be.
 * - `evidence.exported` {itemId, fileId, at, by, to, sha256}: a verified copy
 *   was written out of the vault to `to`.
 * - `evidence.intake.stopped` {itemId, name, path, at, reason, detail,
 *   bytesRead, size}: an intake that began did not finish; nothing was stored.
 *
 * Retractions of items, files, transfers and accesses are `entry.retracted`
 * events naming the item id, file id or the event id.
 * Every `at` is an RFC 3339 date-time with its offset, as the person saw the clock.
 */
import { z } from 'zod';
import { offsetDateTimeSchema, supersedesSchema, text, uuidSchema } from '../events/primitives';

export const evidenceTypes = ['disk-image', 'memory-image', 'log-export', 'file', 'screenshot', 'physical-item', 'other'] as const;
export type EvidenceType = (typeof evidenceTypes)[number];

export const evidenceTypeLabels: Record<EvidenceType, string> = {
  'disk-image': 'Disk image',
  'memory-image': 'Memory image',
  'log-export': 'Log export',
  file: 'File',
  screenshot: 'Screenshot',
  'physical-item': 'Physical item',
  other: 'Other',
};

export const verificationResults = ['ok', 'mismatch', 'damaged', 'missing', 'unreadable'] as const;
export type VerificationResult = (typeof verificationResults)[number];

export const intakeStopReasons = ['cancelled', 'changed', 'unreadable', 'disk-full', 'failed'] as const;
export type IntakeStopReason = (typeof intakeStopReasons)[number];

const hex = (digits: number, label: string) => z.string().regex(new RegExp(`^[0-9a-f]{${digits}}$`), `Not a ${label} (${digits} lowercase hex digits)`);
export const sha256Schema = hex(64, 'SHA-256 digest');
export const sha1Schema = hex(40, 'SHA-1 digest');
export const md5Schema = hex(32, 'MD5 digest');
export const blobNameSchema = hex(64, 'blob name');

const person = (label: string) => text(label, 1, 200);

/** The fields of an item that can be corrected later. */
export const evidenceItemFieldSchemas = {
  description: text('Description', 1, 4000),
  type: z.enum(evidenceTypes, { error: `Unknown evidence type; expected one of ${evidenceTypes.join(', ')}` }),
  source: text('Source (host or device)', 0, 500),
  location: text('Location', 0, 500),
  collectedBy: person('Collected by'),
  collectedAt: offsetDateTimeSchema,
  method: text('Collection method or tool', 0, 2000),
} as const;

export type EvidenceItemField = keyof typeof evidenceItemFieldSchemas;
export const evidenceItemFields = Object.keys(evidenceItemFieldSchemas) as EvidenceItemField[];
export type EvidenceItemFields = { [F in EvidenceItemField]: z.infer<(typeof evidenceItemFieldSchemas)[F]> };

export const evidenceItemFieldsSchema = z.strictObject(evidenceItemFieldSchemas);

export const evidenceRegisteredPayload = z.strictObject({ itemId: uuidSchema, ...evidenceItemFieldSchemas });

export const evidenceItemChangesSchema = evidenceItemFieldsSchema
  .partial()
  // Keys present with `undefined` (possible in a structured clone) would be dropped from the journal's JSON.
  .refine((changes) => Object.keys(changes).length > 0 && Object.values(changes).every((v) => v !== undefined), 'Change at least one field');

export const evidenceUpdatedPayload = z.strictObject({ itemId: uuidSchema, changes: evidenceItemChangesSchema, supersedes: supersedesSchema });

export const evidenceFileAttachedPayload = z.strictObject({
  itemId: uuidSchema,
  fileId: uuidSchema,
  name: text('File name', 1, 1024),
  size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: sha256Schema,
  sha1: sha1Schema.exactOptional(),
  md5: md5Schema.exactOptional(),
  blob: blobNameSchema,
  mediaType: text('Media type', 1, 200).exactOptional(),
  path: text('Path', 0, 4096),
  at: offsetDateTimeSchema,
});

export const custodyTransferredPayload = z.strictObject({
  itemId: uuidSchema,
  from: person('From'),
  to: person('To'),
  at: offsetDateTimeSchema,
  place: text('Place', 0, 500),
  purpose: text('Purpose', 0, 2000),
  condition: text('Condition', 0, 2000),
});

export const evidenceAccessedPayload = z.strictObject({
  itemId: uuidSchema,
  by: person('By'),
  at: offsetDateTimeSchema,
  purpose: text('Purpose', 1, 2000),
});

export const evidenceVerifiedPayload = z.strictObject({
  itemId: uuidSchema,
  fileId: uuidSchema,
  at: offsetDateTimeSchema,
  result: z.enum(verificationResults),
  detail: text('Detail', 0, 2000),
  sha256: sha256Schema.exactOptional(),
});

export const evidenceExportedPayload = z.strictObject({
  itemId: uuidSchema,
  fileId: uuidSchema,
  at: offsetDateTimeSchema,
  by: person('By'),
  to: text('Destination', 1, 4096),
  sha256: sha256Schema,
});

export const evidenceIntakeStoppedPayload = z.strictObject({
  itemId: uuidSchema,
  name: text('File name', 1, 1024),
  path: text('Path', 0, 4096),
  at: offsetDateTimeSchema,
  reason: z.enum(intakeStopReasons),
  detail: text('Detail', 0, 2000),
  bytesRead: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/**
 * API shapes of sync targets (issue 12): existing storage that segments of
 * changes go through (electron/core/sync/): a folder, a WebDAV server, an S3 bucket. A target is added once, by name;
 * its credentials are sealed in the vault and never shown again.
 */
import { z } from 'zod';

const targetName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'A target name is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
const filePath = z.string().min(1, 'Enter a folder').max(4096, 'A path can have at most 4096 characters');
const url = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\/[^\s]+$/.test(u) && URL.canParse(u), 'Enter the server’s address (http:// or https://)');

export const SyncAdd = z.discriminatedUnion('kind', [
  z.strictObject({ name: targetName, kind: z.literal('folder'), path: filePath }),
  z.strictObject({ name: targetName, kind: z.literal('webdav'), url, user: z.string().max(200).optional(), password: z.string().max(1024).optional() }),
  z.strictObject({
    name: targetName,
    kind: z.literal('s3'),
    endpoint: url,
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'Not a bucket name (3–63 lowercase letters, digits, dots and dashes)'),
    prefix: z.string().max(512).regex(/^$|^[^/].*\/$/, 'A key prefix ends with / and does not start with one').optional(),
    region: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Not a region name').optional(),
    accessKeyId: z.string().min(1, 'Enter the access key id').max(256),
    secretAccessKey: z.string().min(1, 'Enter the secret access key').max(1024),
  }),
]);
export type SyncAddInput = z.infer<typeof SyncAdd>;
export const SyncList = z.strictObject({});
export const SyncRemove = z.strictObject({ name: targetName });
/** Every target, or only the one named. */
export const SyncRun = z.strictObject({ name: targetName.optional() });

/** A target as the user sees it: where it is, never its credentials. */
export type SyncTargetView = { name: string; kind: 'folder' | 'webdav' | 's3'; where: string; hasCredentials: boolean; segmentsSent: number };

export type SyncDevicePull = { device: string; fingerprint: string; segmentsApplied: number; eventsApplied: number; held: number; waiting: string | null };

/** One target's run: `ok` false when it could not be reached or failed (`error`), with what got through before. */
export type SyncTargetRun = {
  name: string;
  ok: boolean;
  error: { kind: string; message: string } | null;
  sealed: number | null;
  segmentsSent: number;
  pulled: SyncDevicePull[];
};

export const SyncListOutput = z.custom<{ targets: SyncTargetView[] }>();
export const SyncTargetOutput = z.custom<SyncTargetView>();
export const SyncRunOutput = z.custom<{ runs: SyncTargetRun[] }>();

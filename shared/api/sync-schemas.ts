/**
 * API shapes of sync targets (issue 12): existing storage that segments of
 * changes go through (electron/core/sync/): a folder, a WebDAV server, an S3 bucket. A target is added once, by name;
 * its credentials are sealed in the vault and never shown again.
 */
import { z } from 'zod';
import type { JobViewOf } from './job-view';

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
/** Every target that is not paused, or only the one named (even when paused: the user asked for it). */
export const SyncRun = z.strictObject({ name: targetName.optional() });
/** Paused targets are left out of scheduled, reconnect and run-all syncs until resumed. */
export const SyncPause = z.strictObject({ name: targetName, paused: z.boolean() });
/** Whether a target answers, reading only (nothing is written to it). */
export const SyncTest = z.strictObject({ name: targetName });
export const SyncStatus = z.strictObject({});

/** A target as the user sees it: where it is, never its credentials. */
export type SyncTargetView = { name: string; kind: 'folder' | 'webdav' | 's3'; where: string; hasCredentials: boolean; segmentsSent: number; paused: boolean };

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

/** What started a run: the user, the schedule, the network coming back, or a change made here. */
export type SyncTrigger = 'manual' | 'schedule' | 'reconnect' | 'change';

/** One finished run with one target, as the Sync screen lists it (newest first, the last 100 kept). */
export type SyncRunRecord = {
  target: string;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  error: { kind: string; message: string } | null;
  sealed: number | null;
  segmentsSent: number;
  /** What it brought in: segments applied and the new events in them. */
  segmentsIn: number;
  eventsIn: number;
  held: number;
  /** Devices whose next segment is not (whole) on the target yet, or was refused. */
  waiting: number;
};

/**
 * How one target stands: `offline` when the last try could not reach it
 * (probed again with backoff), `failed` when it answered but something went
 * wrong (full, read-only, a copied vault), `paused` by the user.
 */
export type SyncTargetState = 'idle' | 'syncing' | 'offline' | 'failed' | 'paused';

export type SyncTargetStatus = SyncTargetView & {
  state: SyncTargetState;
  lastSuccess: { at: string; segmentsIn: number; eventsIn: number } | null;
  lastError: { at: string; kind: string; message: string } | null;
  /** When the next automatic try is due (null: none planned: paused, or the schedule is off). */
  nextAttemptAt: string | null;
};

export type SyncJobView = JobViewOf<'sync.run', { runs: SyncTargetRun[] }, 'queued' | 'sealing' | 'sending' | 'receiving' | 'done'>;

/** Everything the header and the Sync screen show. `overall` is `none` when there is no target. */
export type SyncStatusView = {
  overall: 'none' | 'online' | 'offline' | 'syncing' | 'failed';
  /** Whether the vault holds a team roster: sync needs one (the coordinator's team profile). */
  inTeam: boolean;
  /** Events made here not yet sealed for the team, and sealed segments not yet on every target that is not paused. */
  waiting: { events: number; segments: number };
  /** Minutes between scheduled syncs (0: only on demand and on reconnect). */
  everyMinutes: number;
  running: SyncJobView | null;
  targets: SyncTargetStatus[];
  runs: SyncRunRecord[];
};

export type SyncTestResult = { name: string; ok: boolean; message: string; segmentsThere: number | null };

export const SyncListOutput = z.custom<{ targets: SyncTargetView[] }>();
export const SyncTargetOutput = z.custom<SyncTargetView>();
export const SyncJobOutput = z.custom<SyncJobView>();
export const SyncStatusOutput = z.custom<SyncStatusView>();
export const SyncTestOutput = z.custom<SyncTestResult>();

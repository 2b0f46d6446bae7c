/**
 * API shapes of case bundles, bundle keys and the team profile (issue 7;
 * format in electron/core/bundles/FORMAT.md). Export, verify and import run
 * as jobs (`job.wait` / `job.cancel`); their results are below.
 *
 * A bundle is encrypted either to X25519 recipients (`age1…`) or to one
 * passphrase, never both (age's rule). Without either, an export goes to the
 * coordinator of the imported team profile. Decrypting uses, in order, the
 * given passphrase, the given identity file, else the vault's coordinator
 * identity.
 */
import { z } from 'zod';
import { absoluteFilePath } from './file-path';
import type { JobViewOf } from './job-view';
import { contactSchema } from '../playbooks/team';
import { signedRosterSchema } from '../team/roster';
import type { HeldBundle } from './roster-schemas';

const filePath = absoluteFilePath;
const recipient = z.string().regex(/^age1[0-9a-z]{20,200}$/, 'Not an age recipient (age1…)');
const bundlePassphrase = z.string().min(1, 'Enter the bundle passphrase').max(1024);
/** A passphrase chosen for a new bundle follows the vault passphrase's rule: a bundle is often all that protects a case on a USB stick. */
const newBundlePassphrase = z.string().min(10, 'A bundle passphrase needs at least 10 characters, as a vault passphrase does').max(1024, 'A passphrase can have at most 1024 characters');
const caseIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Not a case id');

// ── Team profile (in the spirit of RFC 2350) ──────────────────────────────

export const teamProfileSchema = z.strictObject({
  format: z.literal('outpost-team-profile'),
  version: z.literal(1),
  team: z.strictObject({
    name: z.string().min(1).max(200),
    constituency: z.string().max(2000),
    contacts: z.array(contactSchema).max(5000),
  }),
  coordinator: z.strictObject({
    /** Bundles for the coordinator are encrypted to this. */
    recipient,
    /** SHA-256 of the recipient string, in groups of four: compare out of band. */
    recipientFingerprint: z.string().max(64),
    /** The coordinator vault's signing device. */
    device: z.string().regex(/^[0-9a-f]{64}$/),
    deviceFingerprint: z.string().max(64),
    publicKey: z.string().max(64),
  }),
  createdAt: z.string().max(64),
  /** The coordinator's current signed roster (issue 11); profiles written before it have none. */
  roster: signedRosterSchema.optional(),
});
export type TeamProfile = z.infer<typeof teamProfileSchema>;

export const KeysShow = z.strictObject({});
export const CoordinatorInit = z.strictObject({});
export const TeamExport = z.strictObject({
  path: filePath,
  name: z.string().min(1, 'Enter the team name').max(200),
  constituency: z.string().max(2000).optional(),
});
export const TeamCheckProfile = z.strictObject({ path: filePath });
export const TeamImport = z.strictObject({
  path: filePath,
  /** The coordinator device fingerprint the person compared before trusting (from `team.checkProfile`). */
  confirmFingerprint: z.string().min(16).max(100).optional(),
});
/** A team profile as it is shown before it is trusted. */
export type TeamProfileCheck = {
  team: { name: string; constituency: string };
  coordinator: { recipientFingerprint: string; deviceFingerprint: string; deviceWords: string[] };
  createdAt: string;
  /** Devices on the roster it carries; null for a profile without one. */
  rosterDevices: number | null;
  /** True when this vault already trusts this coordinator (a newer profile of the same team). */
  alreadyTrusted: boolean;
};
/** Writes the coordinator identity as an age identity file (secret!): refuses an existing file. */
export const KeysExportIdentity = z.strictObject({ path: filePath });
export type IdentityExportResult = { path: string; recipient: string; fingerprint: string };

export type KeysView = {
  device: { deviceId: string; fingerprint: string; publicKey: string };
  /** Set once `keys.coordinatorInit` ran in this vault. */
  coordinator: { recipient: string; fingerprint: string } | null;
  /** The imported team profile, if any. */
  team: TeamProfile | null;
  /** Where `bundle.export` goes without recipients or passphrase. */
  defaultRecipients: string[];
};

// ── Bundles ────────────────────────────────────────────────────────────────

/** Why `changedSince` is refused with a passphrase (schema, core and CLI say the same). */
export const NOT_FOR_PASSPHRASE = 'Exports to a passphrase are not tracked, so “everything changed since the last export” needs recipients (age1…): export chosen cases to the passphrase instead';

/**
 * Either `caseIds` (those cases, whole) or `changedSince: true` (every event
 * and evidence file not yet sent to these recipients, see FORMAT.md). What
 * went out is remembered per recipient list, so the second mode needs
 * recipients: a passphrase bundle is not tracked.
 */
export const BundleExport = z
  .strictObject({
    caseIds: z.array(caseIdSchema).min(1, 'Choose at least one case').max(10_000).optional(),
    changedSince: z.literal(true).optional(),
    path: filePath,
    recipients: z.array(recipient).max(100).optional(),
    passphrase: newBundlePassphrase.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.caseIds !== undefined && v.changedSince !== undefined) ctx.addIssue({ code: 'custom', path: ['changedSince'], message: 'Give either caseIds or changedSince, not both' });
    if (v.caseIds === undefined && v.changedSince === undefined) ctx.addIssue({ code: 'custom', path: ['caseIds'], message: 'Choose at least one case, or everything changed since the last export (changedSince)' });
    if (v.changedSince !== undefined && v.passphrase !== undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: NOT_FOR_PASSPHRASE });
  });

/** What `bundle.export` with `changedSince` would send to these recipients (default: the team profile's coordinator). */
export const BundleChangesQuery = z.strictObject({ recipients: z.array(recipient).max(100).optional() });

export type BundleChanges = {
  /** Sorted: the key under which exports to them are remembered. */
  recipients: string[];
  /** The team name when the recipients are the team profile's coordinator, else the recipients, shortened. */
  coordinator: string;
  /** When the last export to them was written; null: never (the next one holds everything). */
  lastExportAt: string | null;
  /** Cases with something not sent yet, and how many of their events. */
  cases: Array<{ caseId: string; title: string; events: number }>;
  events: number;
  blobs: number;
  blobBytes: number;
};

export const BundleOpen = z.strictObject({
  path: filePath,
  passphrase: bundlePassphrase.optional(),
  /** A standard age identity file (as age-keygen writes it). */
  identityFile: filePath.optional(),
});

export type BundleExportResult = {
  path: string;
  bytes: number;
  cases: number;
  events: number;
  blobs: number;
  blobBytes: number;
  recipients: string[];
  passphrase: boolean;
  /** The manifest's `since`: the time of the earlier export this one continues (changes only), else null (whole cases). */
  since: string | null;
};

export type BundleSummary = {
  createdAt: string;
  exporter: { device: string; fingerprint: string; actor: string };
  devices: Array<{ device: string; fingerprint: string }>;
  cases: Array<{ caseId: string; title: string; events: number }>;
  blobs: number;
  blobBytes: number;
  /** True once the manifest signature checked out. */
  signatureValid: boolean;
};

/** What Inspect shows: the signed manifest, and whether this very bundle was imported here already. */
export type BundleInspection = BundleSummary & {
  /** When a bundle with this manifest was imported into this vault, else null. */
  importedBefore: string | null;
};

export type BundleVerifyResult = BundleSummary & { events: number; verified: true };

export type BundleImportReport = {
  summary: BundleSummary;
  newCases: string[];
  /** Device id → number of its events that were new here. */
  newEventsByDevice: Record<string, number>;
  duplicatesSkipped: number;
  conflicts: Array<{ caseId: string; kind: string; detail: string }>;
  newDevices: Array<{ device: string; fingerprint: string }>;
  evidenceBytesAdded: number;
  evidenceFilesAdded: number;
  /** When this very bundle was imported here before (nothing changed now), else null. */
  importedBefore: string | null;
  /** Set when the bundle carries events from devices not on the roster: kept aside, nothing applied (approve or refuse it). */
  held: HeldBundle | null;
};

export type BundleJobResults = { 'bundle.export': BundleExportResult; 'bundle.verify': BundleVerifyResult; 'bundle.import': BundleImportReport };
export type BundleJobKind = keyof BundleJobResults;

/** Progress and outcome of a bundle job, as `job.status` / `job.wait` return it. */
export type BundleJobView = { [K in BundleJobKind]: JobViewOf<K, BundleJobResults[K]> }[BundleJobKind];

export const KeysOutput = z.custom<KeysView>();
export const TeamProfileOutput = z.custom<TeamProfile>();
export const IdentityExportOutput = z.custom<IdentityExportResult>();
export const TeamProfileCheckOutput = z.custom<TeamProfileCheck>();
export const TeamExportOutput = z.custom<{ path: string; profile: TeamProfile }>();
export const BundleJobOutput = z.custom<BundleJobView>();
export const BundleInspectionOutput = z.custom<BundleInspection>();
export const BundleChangesOutput = z.custom<BundleChanges>();

/**
 * API shapes of the team roster, join requests and held bundles (issue 11;
 * format in electron/core/team/FORMAT.md).
 *
 * A device joins by sending a join request file; the coordinator reads it
 * (`team.readRequest`), compares the fingerprint out of band, and approves
 * it (`team.approve`), which signs a new roster version. Bundles carrying
 * events from devices not on the roster are held (`bundle.held`) until the
 * device is approved, or refused (`bundle.refuse`).
 */
import { z } from 'zod';
import type { RosterDocument } from '../team/roster';

const filePath = z.string().min(1, 'Enter a path').max(4096, 'A path can have at most 4096 characters');
const label = z.string().max(200);
const fingerprint = z.string().min(1, 'Enter a fingerprint').max(200);
const digest = z.string().regex(/^[0-9a-f]{64}$/, 'Not a bundle digest (64 hex digits)');

export const TeamRosterQuery = z.strictObject({});
export const TeamJoinRequest = z.strictObject({ path: filePath, name: label.optional(), role: label.optional(), site: label.optional() });
export const TeamReadRequest = z.strictObject({ path: filePath });
/** Either a join request file (`path`) or the fingerprint of a device whose request or held bundle is already here. */
export const TeamApprove = z
  .strictObject({
    path: filePath.optional(),
    fingerprint: fingerprint.optional(),
    name: label.optional(),
    role: label.optional(),
    site: label.optional(),
    /** To open bundles held for the device that were opened with a passphrase or identity file (else they stay held). */
    passphrase: z.string().min(1).max(1024).optional(),
    identityFile: filePath.optional(),
  })
  .refine((v) => (v.path === undefined) !== (v.fingerprint === undefined), { message: 'Give either a join request file or a fingerprint', path: ['fingerprint'] });
export const TeamRevoke = z.strictObject({ fingerprint, reason: z.string().max(2000).optional() });
export const BundleHeldQuery = z.strictObject({});
export const BundleRefuse = z.strictObject({ digest, reason: z.string().max(2000).optional() });

/** A device as people compare it: id, fingerprint groups and words. */
export type DeviceIdentity = { device: string; fingerprint: string; words: string[] };

export type RosterView = {
  /** Null while no team is set up (no roster): then bundles from any device are held. */
  serial: number | null;
  issuedAt: string | null;
  /** True when this vault signs the roster (it has a coordinator identity). */
  isCoordinator: boolean;
  coordinator: DeviceIdentity | null;
  devices: Array<DeviceIdentity & { name: string; role: string; site: string; recipient: string | null; enrolledAt: string; self: boolean }>;
  revoked: Array<DeviceIdentity & { name: string; revokedAt: string; reason: string }>;
  /** Join requests read here and not yet approved. */
  pending: Array<JoinRequestView>;
};

export type JoinRequestView = DeviceIdentity & { name: string; role: string; site: string; recipient: string; createdAt: string };

export type JoinRequestResult = { path: string; request: JoinRequestView };

export type ApproveResult = { approved: DeviceIdentity & { name: string }; serial: number; appliedBundles: string[] };

export type RevokeResult = { revoked: DeviceIdentity & { name: string; revokedAt: string }; serial: number };

export type HeldOpenedWith = 'coordinator' | 'passphrase' | 'identity-file' | 'other';

export type HeldBundle = {
  /** SHA-256 of the manifest bytes (hex): the bundle's name here. */
  digest: string;
  receivedAt: string;
  exporter: DeviceIdentity & { actor: string };
  /** With their keys, kept here rather than among the vault's known devices: the roster decides whether they are ever known. */
  unknownDevices: Array<DeviceIdentity & { publicKey: string }>;
  cases: Array<{ caseId: string; title: string; eventsByType: Record<string, number> }>;
  /** How it was opened; other than 'coordinator', approval must be given the passphrase or identity file again. */
  openedWith: HeldOpenedWith;
  status: 'held' | 'applied' | 'refused';
  statusAt: string;
  reason?: string;
};

export type HeldList = { held: HeldBundle[] };

export const RosterOutput = z.custom<RosterView>();
export const JoinRequestOutput = z.custom<JoinRequestResult>();
export const ReadRequestOutput = z.custom<JoinRequestView>();
export const ApproveOutput = z.custom<ApproveResult>();
export const RevokeOutput = z.custom<RevokeResult>();
export const HeldOutput = z.custom<HeldList>();
export const HeldBundleOutput = z.custom<HeldBundle>();
export type { RosterDocument };

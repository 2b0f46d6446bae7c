/**
 * MANIFEST.json of a case bundle (see ./FORMAT.md): what the bundle holds,
 * every part with its size and SHA-256, and the public key of every device
 * that wrote an event in it. The exporter signs the exact bytes.
 *
 * Also the fixed entry names, the entry order rule and the SHA256SUMS text
 * (derived from the manifest, so an importer can check it byte for byte).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { alertAckSchema, signedBulletinSchema } from '../../../shared/team/bulletin';
import { signedRosterSchema } from '../../../shared/team/roster';

export const MANIFEST = 'MANIFEST.json';
export const SIGNATURE = 'MANIFEST.sig';
export const SUMS = 'SHA256SUMS';
export const BUNDLE_FORMAT = 'outpost-bundle';
/** A manifest larger than this is refused before it is read (memory). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** A case file larger than this is refused (its events are held in memory to verify them). */
export const MAX_CASE_FILE_BYTES = 1024 * 1024 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'not 64 lower-case hex digits');
const base64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not a base64 Ed25519 public key');
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not a case id');

export const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  /** 1: every event's signature is checked; 2: one signed chain head per device (./chain-heads.ts). */
  version: z.union([z.literal(1), z.literal(2)]),
  createdAt: z.string().max(64),
  exporter: z.strictObject({ device: hex64, publicKey: base64Key, actor: z.string().max(200), vaultId: z.string().regex(/^[0-9a-f]{32}$/) }),
  devices: z.array(z.strictObject({ device: hex64, publicKey: base64Key })).max(100_000),
  cases: z.array(z.strictObject({ caseId: uuid, title: z.string().max(500), events: z.number().int().nonnegative(), path: z.string() })).max(100_000),
  parts: z.array(z.strictObject({ path: z.string().max(200), size: z.number().int().nonnegative(), sha256: hex64 })).max(1_000_000),
  since: z.string().max(64).nullable(),
  /** The exporter vault's current team roster (issue 11), so field vaults learn it too. */
  roster: signedRosterSchema.exactOptional(),
  /** The coordinator's signed team bulletin (alerts) as the exporter holds it (shared/team/bulletin.ts). */
  bulletin: signedBulletinSchema.exactOptional(),
  /** Acknowledgements of the bulletin's alerts the exporter knows, each signed by the device that made it. */
  acks: z.array(alertAckSchema).max(100_000).exactOptional(),
  /** Version 2 only: per device, the heads of its chains in this bundle (./chain-heads.ts). */
  heads: z
    .array(
      z.strictObject({
        device: hex64,
        cases: z.array(z.strictObject({ caseId: uuid, hash: hex64, events: z.number().int().positive() })).max(100_000),
        sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature').nullable(),
      }),
    )
    .max(100_000)
    .exactOptional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
/** The format version new bundles are written in. */
export const BUNDLE_VERSION = 2;

export type ManifestPart = Manifest['parts'][number];

export const casePath = (caseId: string) => `cases/${caseId}.jsonl`;
export const blobPath = (sha256: string) => `blobs/${sha256}`;

/** The device id of a raw Ed25519 public key: hex SHA-256 of its 32 bytes. */
export function deviceIdOf(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** The SHA256SUMS text for a manifest: one `sha256  path` line per part, in manifest order, plus the manifest itself first. */
export function sumsText(manifestSha256: string, parts: readonly ManifestPart[]): string {
  return [`${manifestSha256}  ${MANIFEST}`, ...parts.map((p) => `${p.sha256}  ${p.path}`)].join('\n') + '\n';
}

/** Entry rank for the order rule: manifest, signature, case files, blobs, sums. */
export function entryRank(name: string): number {
  if (name === MANIFEST) return 0;
  if (name === SIGNATURE) return 1;
  if (name.startsWith('cases/')) return 2;
  if (name.startsWith('blobs/')) return 3;
  if (name === SUMS) return 4;
  return -1;
}

/**
 * The sync targets of a vault, sealed in it (`sync-targets.json`, under the
 * data key): what each is and its credentials (a WebDAV user and password,
 * S3 keys), which are never shown again (SyncTargetView has no field for them).
 */
import { SYNC_TARGETS_FILE } from './files';
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import type { SyncAddInput, SyncTargetView } from '../../../shared/api/sync-schemas';
import { sealedAt } from '../bundles/key-store';
import type { VaultSession } from '../vault/session';
import { readSealed, writeSealed } from '../vault/store/sealed-file';
import { FolderTarget } from './folder-target';
import type { SyncTarget } from './target';
import { S3Target } from './s3-target';
import { WebDavTarget } from './webdav-target';


const storedSchema = z.array(
  z.discriminatedUnion('kind', [
    z.strictObject({ name: z.string(), kind: z.literal('folder'), path: z.string(), paused: z.boolean().optional() }),
    z.strictObject({ name: z.string(), kind: z.literal('webdav'), url: z.string(), user: z.string().optional(), password: z.string().optional(), paused: z.boolean().optional() }),
    z.strictObject({
      name: z.string(),
      kind: z.literal('s3'),
      endpoint: z.string(),
      bucket: z.string(),
      prefix: z.string().optional(),
      region: z.string().optional(),
      accessKeyId: z.string(),
      secretAccessKey: z.string(),
      paused: z.boolean().optional(),
    }),
  ]),
);
export type StoredTarget = z.infer<typeof storedSchema>[number];

export async function readTargets(session: VaultSession): Promise<StoredTarget[]> {
  const { file, key, aad } = sealedAt(session, SYNC_TARGETS_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return [];
  const parsed = storedSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold the sync targets`);
  return parsed.data;
}

async function writeTargets(session: VaultSession, targets: StoredTarget[]): Promise<void> {
  const { file, key, aad } = sealedAt(session, SYNC_TARGETS_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(targets), 'utf8'));
}

export async function addTarget(session: VaultSession, input: SyncAddInput): Promise<StoredTarget> {
  const targets = await readTargets(session);
  if (targets.some((t) => t.name === input.name)) throw new ApiFailure('bad_request', `There is a sync target called ${input.name} already; remove it first or choose another name`);
  const stored: StoredTarget = { ...input };
  await writeTargets(session, [...targets, stored]);
  return stored;
}

export async function removeTarget(session: VaultSession, name: string): Promise<void> {
  const targets = await readTargets(session);
  if (!targets.some((t) => t.name === name)) throw new ApiFailure('not_found', `There is no sync target called ${name}`);
  await writeTargets(
    session,
    targets.filter((t) => t.name !== name),
  );
}

/** Pauses or resumes a target (left out of automatic and run-all syncs while paused). */
export async function setPaused(session: VaultSession, name: string, paused: boolean): Promise<StoredTarget> {
  const targets = await readTargets(session);
  const found = targets.find((t) => t.name === name);
  if (!found) throw new ApiFailure('not_found', `There is no sync target called ${name}`);
  const changed: StoredTarget = { ...found, paused };
  await writeTargets(
    session,
    targets.map((t) => (t.name === name ? changed : t)),
  );
  return changed;
}

/** The target to talk to; `close` ends its connections (S3 keeps some open). */
export function targetOf(stored: StoredTarget): SyncTarget & { close?: () => void } {
  if (stored.kind === 'folder') return new FolderTarget(stored.path);
  if (stored.kind === 's3') {
    const { endpoint, bucket, prefix, region, accessKeyId, secretAccessKey } = stored;
    return new S3Target({ endpoint, bucket, accessKeyId, secretAccessKey, ...(prefix !== undefined ? { prefix } : {}), ...(region !== undefined ? { region } : {}) });
  }
  return new WebDavTarget({ url: stored.url, ...(stored.user !== undefined ? { user: stored.user } : {}), ...(stored.password !== undefined ? { password: stored.password } : {}) });
}

export function targetView(stored: StoredTarget, segmentsSent: number): SyncTargetView {
  const paused = stored.paused === true;
  if (stored.kind === 's3') return { name: stored.name, kind: 's3', where: `${withoutCredentials(stored.endpoint)} bucket ${stored.bucket}${stored.prefix ? `, under ${stored.prefix}` : ''}`, hasCredentials: true, segmentsSent, paused };
  const where = stored.kind === 'folder' ? stored.path : withoutCredentials(stored.url);
  const hasCredentials = stored.kind === 'webdav' && (stored.user !== undefined || stored.password !== undefined || URL.parse(stored.url)?.password !== '');
  return { name: stored.name, kind: stored.kind, where, hasCredentials, segmentsSent, paused };
}

function withoutCredentials(address: string): string {
  const url = new URL(address);
  url.username = '';
  url.password = '';
  return url.href;
}

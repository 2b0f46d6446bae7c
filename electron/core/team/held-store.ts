/**
 * Bundles held for devices not on the team roster (./FORMAT.md): the
 * verified bundle file, as it arrived, in `held/<manifest sha256>.bundle`,
 * and the sealed list `held.json` saying who sent it, what it would change,
 * how it was opened and what became of it (held, applied or refused).
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { HeldBundle } from '../../../shared/api/roster-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { sealedAt } from '../bundles/key-store';
import { syncDir } from '../fs/atomic-write';
import type { VaultSession } from '../vault/session';
import { readSealed, writeSealed } from '../vault/store/sealed-file';

const HELD_FILE = 'held.json';
const identity = z.strictObject({ device: z.string(), fingerprint: z.string(), words: z.array(z.string()) });
const heldSchema = z.array(
  z.strictObject({
    digest: z.string().regex(/^[0-9a-f]{64}$/),
    receivedAt: z.string(),
    exporter: identity.extend({ actor: z.string() }),
    unknownDevices: z.array(identity.extend({ publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) })),
    cases: z.array(z.strictObject({ caseId: z.string(), title: z.string(), eventsByType: z.record(z.string(), z.number()) })),
    openedWith: z.enum(['coordinator', 'passphrase', 'identity-file', 'other']),
    status: z.enum(['held', 'applied', 'refused']),
    statusAt: z.string(),
    reason: z.string().optional(),
  }),
);

export const heldDir = (session: VaultSession) => path.join(session.storage.dir, 'held');
export const heldPath = (session: VaultSession, digest: string) => path.join(heldDir(session), `${digest}.bundle`);

export async function readHeld(session: VaultSession): Promise<HeldBundle[]> {
  const { file, key, aad } = sealedAt(session, HELD_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return [];
  const parsed = heldSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold the list of held bundles`);
  return parsed.data as HeldBundle[];
}

async function writeHeld(session: VaultSession, list: readonly HeldBundle[]): Promise<void> {
  const { file, key, aad } = sealedAt(session, HELD_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(list)));
}

/** Keeps a copy of the bundle file and lists it; the same bundle held again is not copied or listed twice. */
export async function holdBundle(session: VaultSession, source: string, entry: HeldBundle): Promise<HeldBundle> {
  const list = await readHeld(session);
  const had = list.find((h) => h.digest === entry.digest && h.status === 'held');
  if (had) return had;
  await mkdir(heldDir(session), { recursive: true });
  const target = heldPath(session, entry.digest);
  const temp = `${target}.${process.pid}.tmp`;
  await copyFile(source, temp, constants.COPYFILE_EXCL);
  await rename(temp, target);
  await syncDir(heldDir(session));
  await writeHeld(session, [...list.filter((h) => h.digest !== entry.digest), entry]);
  return entry;
}

/** Marks a held bundle applied or refused and deletes its copy. */
export async function settleHeld(session: VaultSession, digest: string, status: 'applied' | 'refused', at: Date, reason?: string): Promise<HeldBundle> {
  const list = await readHeld(session);
  const had = list.find((h) => h.digest === digest && h.status === 'held');
  if (!had) throw new ApiFailure('not_found', `No bundle ${digest.slice(0, 16)}… is held here`);
  const settled: HeldBundle = { ...had, status, statusAt: at.toISOString(), ...(reason === undefined ? {} : { reason }) };
  await writeHeld(session, list.map((h) => (h === had ? settled : h)));
  await rm(heldPath(session, digest), { force: true });
  return settled;
}

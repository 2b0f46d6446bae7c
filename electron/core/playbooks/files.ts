/**
 * Sealed JSON files of the playbook library and the team (see ./FORMAT.md):
 *
 *   playbooks/<id>/<version>.json   one immutable version of a playbook
 *   playbooks/<id>/meta.json        whether it is retired
 *   team.json                       contacts and notification/escalation lists
 *
 * Each file is sealed with the vault's data key (../vault/store/sealed-file),
 * the associated data naming its role and id, so files cannot be swapped.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import { aadFor } from '../vault/store/aead';
import { errnoCode, ioFailure } from '../vault/store/io-error';
import { readSealed, writeSealed } from '../vault/store/sealed-file';

export const PLAYBOOKS_DIR = 'playbooks';
export const TEAM_FILE = 'team.json';

export type Storage = { dir: string; key: Buffer; vaultId: string };

export type SealedJson = { file: string; aad: string };

export function versionFile(s: Storage, id: string, version: number): SealedJson {
  return { file: path.join(s.dir, PLAYBOOKS_DIR, id, `${version}.json`), aad: aadFor(s.vaultId, 'playbook', `${id}/${version}`) };
}

export function metaFile(s: Storage, id: string): SealedJson {
  return { file: path.join(s.dir, PLAYBOOKS_DIR, id, 'meta.json'), aad: aadFor(s.vaultId, 'playbook', `${id}/meta`) };
}

export function teamFile(s: Storage): SealedJson {
  return { file: path.join(s.dir, TEAM_FILE), aad: aadFor(s.vaultId, 'team', 'team') };
}

/** The document, null when the file does not exist; `damaged` naming the file when it does not open or does not fit the schema. */
export async function readJson<T extends z.ZodType>(s: Storage, where: SealedJson, schema: T): Promise<z.output<T> | null> {
  const bytes = await readSealed(where.file, s.key, where.aad);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ApiFailure('damaged', `${where.file} is damaged (not JSON once decrypted)`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ApiFailure('damaged', `${where.file} is damaged: ${first ? `${first.path.join('.')} ${first.message}` : 'unexpected content'}`);
  }
  return parsed.data;
}

export async function writeJson(s: Storage, where: SealedJson, value: unknown): Promise<void> {
  await mkdir(path.dirname(where.file), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw ioFailure(error, 'create the folder', path.dirname(where.file));
  });
  await writeSealed(where.file, s.key, where.aad, Buffer.from(JSON.stringify(value), 'utf8'));
}

/** Names in a folder, or none when it does not exist. */
export async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw ioFailure(error, 'read the folder', dir);
  }
}

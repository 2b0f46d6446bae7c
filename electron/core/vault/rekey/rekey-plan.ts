/**
 * Every file of a vault that the data key encrypts, found by listing the
 * folder (not by asking the modules that wrote them, which may not be loaded),
 * with the associated data each one was sealed with. A name this list does
 * not know is refused before anything changes: it may be sealed under the
 * data key by a newer module, and dropping the retiring key would lose it.
 *
 * Not encrypted under the data key, and left alone: vault.json, the writer
 * lock (.lock), temporary files (names starting with '.'), and held bundles
 * (held/<digest>.bundle: bundle files as they arrived, sealed to this
 * device's recipient key, which itself is the sealed device-recipient.key),
 * and sync segments (outbox/: age files sealed to the team's recipients).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from '../../../../shared/api/errors';
import { BLOBS_DIR } from '../../evidence/blob-format';
import { DRAFTS_FILE } from '../../drafts/draft-store';
import { PLAYBOOKS_DIR } from '../../playbooks/files';
import { INDEX_FILE } from '../index-store';
import { CASES_DIR } from '../session';
import { OUTBOX_DIR, SYNC_STATE_FILE, SYNC_TARGETS_FILE } from '../../sync/files';
import { aadFor, type AadRole } from '../store/aead';
import { DEVICE_KEY_FILE } from '../store/device-key';
import { HEADER_FILE } from '../store/header';
import { errnoCode, ioFailure } from '../store/io-error';

export type PlannedFile =
  | { kind: 'sealed'; file: string; aad: string; bytes: number }
  | { kind: 'journal'; file: string; caseId: string; bytes: number }
  | { kind: 'blob'; file: string; bytes: number };

/** Top-level sealed files: name → role and id of their associated data (see the modules that write them). */
const SEALED: Record<string, [AadRole, string]> = {
  [DEVICE_KEY_FILE]: ['device', DEVICE_KEY_FILE],
  [INDEX_FILE]: ['index', INDEX_FILE],
  'team.json': ['team', 'team'],
  [DRAFTS_FILE]: ['draft', DRAFTS_FILE],
  // bundles/key-store.ts, bundles/export-log.ts, team/*.ts, sync/sync-state.ts: all through key-store's sealedAt.
  ...Object.fromEntries(
    ['coordinator.key', 'devices.json', 'team-profile.json', 'export-log.json', 'roster.json', 'held.json', 'device-recipient.key', 'join-requests.json', 'bulletin.json', SYNC_STATE_FILE, SYNC_TARGETS_FILE].map((name) => [name, ['bundle', name] as [AadRole, string]]),
  ),
};
const PLAIN = new Set([HEADER_FILE, 'held', OUTBOX_DIR]);
const BLOB_NAME = /^[0-9a-f]{64}$/;
const JOURNAL_NAME = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})\.journal$/;
const PLAYBOOK_FILE = /^(meta|[0-9]+)\.json$/;

export async function planRekey(dir: string, vaultId: string): Promise<PlannedFile[]> {
  const files: PlannedFile[] = [];
  const unknown: string[] = [];
  for (const name of await list(dir)) {
    if (name.startsWith('.') || PLAIN.has(name) || name === CASES_DIR || name === BLOBS_DIR || name === PLAYBOOKS_DIR) continue;
    const file = path.join(dir, name);
    const sealed = SEALED[name];
    // An index kept aside as damaged was sealed as the index; if it still opens, it is re-encrypted too.
    const role = sealed ?? (name.startsWith(`${INDEX_FILE}.damaged-`) ? (['index', INDEX_FILE] as [AadRole, string]) : undefined);
    if (role) files.push({ kind: 'sealed', file, aad: aadFor(vaultId, role[0], role[1]), bytes: await size(file) });
    else unknown.push(name);
  }
  for (const name of await list(path.join(dir, CASES_DIR))) {
    const match = JOURNAL_NAME.exec(name);
    const file = path.join(dir, CASES_DIR, name);
    if (match?.[1]) files.push({ kind: 'journal', file, caseId: match[1], bytes: await size(file) });
    else if (!name.startsWith('.')) unknown.push(`${CASES_DIR}/${name}`);
  }
  for (const name of await list(path.join(dir, BLOBS_DIR))) {
    const file = path.join(dir, BLOBS_DIR, name);
    if (BLOB_NAME.test(name)) files.push({ kind: 'blob', file, bytes: await size(file) });
    else if (!name.startsWith('.')) unknown.push(`${BLOBS_DIR}/${name}`);
  }
  for (const id of await list(path.join(dir, PLAYBOOKS_DIR))) {
    for (const name of await list(path.join(dir, PLAYBOOKS_DIR, id))) {
      const match = PLAYBOOK_FILE.exec(name);
      const file = path.join(dir, PLAYBOOKS_DIR, id, name);
      if (match?.[1]) files.push({ kind: 'sealed', file, aad: aadFor(vaultId, 'playbook', `${id}/${match[1]}`), bytes: await size(file) });
      else if (!name.startsWith('.')) unknown.push(`${PLAYBOOKS_DIR}/${id}/${name}`);
    }
  }
  if (unknown.length > 0) {
    throw new ApiFailure('bad_request', `The vault holds files this Outpost does not know (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}); the data key was not replaced, as they might need it. Move them out of ${dir} first.`);
  }
  return files;
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw ioFailure(error, 'list', dir);
  }
}

async function size(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw ioFailure(error, 'read', file);
  }
}

/**
 * Drafts, kept across a lock in one sealed file of the vault, `drafts.json`
 * (store/sealed-file.ts: nonce ‖ AES-256-GCM under the data key ‖ tag, AAD
 * `outpost/v1|<vaultId>|draft|drafts.json`, written atomically):
 *
 *   { "cases": { "<case id>": { "note"?: { "text", "savedAt" }, "timeline"?: … } },
 *     "place"?: { "caseId", "tab", "savedAt" } }
 *
 * What was being typed in a case's note composer and timeline form, and the
 * case and tab open, so that unlocking returns to them. Private to this
 * device: not events, never signed, synced or exported. Changes are read,
 * changed and written one at a time per session, so two quick saves never
 * undo each other.
 */
import path from 'node:path';
import { z } from 'zod';
import { draftKeys, DRAFT_MAX_CHARS, workspaceTabs, type DraftKey, type DraftView, type WorkspacePlace } from '../../../shared/api/draft-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import type { VaultSession } from '../vault/session';
import { aadFor } from '../vault/store/aead';
import { readSealed, writeSealed } from '../vault/store/sealed-file';

export const DRAFTS_FILE = 'drafts.json';

const at = z.string().max(40);
const caseId = z.string().max(128);
const draftSchema = z.strictObject({ text: z.string().min(1).max(DRAFT_MAX_CHARS), savedAt: at });
const draftsSchema = z.strictObject({
  cases: z.record(caseId, z.partialRecord(z.enum(draftKeys), draftSchema)),
  place: z.strictObject({ caseId, tab: z.enum(workspaceTabs), savedAt: at }).optional(),
});
type Drafts = z.infer<typeof draftsSchema>;

const queues = new WeakMap<VaultSession, Promise<unknown>>();

function sealedDrafts(session: VaultSession) {
  const { dir, key, vaultId } = session.storage;
  return { file: path.join(dir, DRAFTS_FILE), key, aad: aadFor(vaultId, 'draft', DRAFTS_FILE) };
}

async function read(session: VaultSession): Promise<Drafts> {
  const { file, key, aad } = sealedDrafts(session);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return { cases: {} };
  let parsed: ReturnType<typeof draftsSchema.safeParse>;
  try {
    parsed = draftsSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  } catch {
    parsed = draftsSchema.safeParse(undefined);
  }
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold drafts`);
  return parsed.data;
}

/** Runs `change` on the drafts after every earlier change of this session, and writes what it returns (null: nothing to write). */
function update(session: VaultSession, change: (drafts: Drafts) => Drafts | null): Promise<Drafts> {
  const previous = queues.get(session) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const drafts = await read(session);
      const changed = change(drafts);
      if (!changed) return drafts;
      const { file, key, aad } = sealedDrafts(session);
      await writeSealed(file, key, aad, Buffer.from(JSON.stringify(draftsSchema.parse(changed)), 'utf8'));
      return changed;
    });
  queues.set(session, next);
  return next;
}

function knownCase(session: VaultSession, id: string): void {
  if (!session.index.data.cases[id]) throw new ApiFailure('not_found', `No case with id ${id}`);
}

function view(drafts: Drafts, id: string): DraftView {
  const held = drafts.cases[id];
  return { caseId: id, texts: { note: held?.note?.text ?? '', timeline: held?.timeline?.text ?? '' } };
}

export async function getDrafts(session: VaultSession, id: string): Promise<DraftView> {
  knownCase(session, id);
  // Behind any save still being written, so a read right after a save sees it.
  return view(await update(session, () => null), id);
}

/** Keeps `text` as the draft of `key` in the case; an empty (or blank) text deletes it. */
export async function putDraft(session: VaultSession, id: string, key: DraftKey, text: string, now = new Date()): Promise<DraftView> {
  knownCase(session, id);
  const drafts = await update(session, (current) => {
    const held = { ...current.cases[id] };
    const blank = text.trim() === '';
    if (blank && !held[key]) return null;
    if (blank) delete held[key];
    else held[key] = { text, savedAt: now.toISOString() };
    const cases = { ...current.cases };
    if (Object.keys(held).length === 0) delete cases[id];
    else cases[id] = held;
    return { ...current, cases };
  });
  return view(drafts, id);
}

/** The case and tab open when the app last said; null when none, or when that case is not in the vault (any more). */
export async function getPlace(session: VaultSession): Promise<WorkspacePlace | null> {
  const { place } = await update(session, () => null);
  if (!place || !session.index.data.cases[place.caseId]) return null;
  return { caseId: place.caseId, tab: place.tab };
}

export async function setPlace(session: VaultSession, place: WorkspacePlace | null, now = new Date()): Promise<WorkspacePlace | null> {
  if (place) knownCase(session, place.caseId);
  await update(session, (current) => {
    const { place: held, ...rest } = current;
    if (!place) return held ? rest : null;
    if (held?.caseId === place.caseId && held.tab === place.tab) return null;
    return { ...rest, place: { ...place, savedAt: now.toISOString() } };
  });
  return place;
}

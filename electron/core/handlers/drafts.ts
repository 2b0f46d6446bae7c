import { getDrafts, getPlace, putDraft, setPlace } from '../drafts/draft-store';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

/** Drafts and the open case and tab, kept across a lock on this device only (drafts/draft-store.ts). */
export function draftHandlers(vault: Vault) {
  return {
    'draft.get': async ({ caseId }) => getDrafts(vault.unlocked(), caseId),
    'draft.put': async ({ caseId, key, text }) => putDraft(vault.unlocked(), caseId, key, text),
    'draft.place': async () => ({ place: await getPlace(vault.unlocked()) }),
    'draft.setPlace': async ({ place }) => ({ place: await setPlace(vault.unlocked(), place) }),
  } satisfies Partial<Handlers>;
}

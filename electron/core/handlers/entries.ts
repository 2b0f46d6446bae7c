import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../../shared/api/errors';
import type { Vault } from '../vault/vault';
import type { VaultSession } from '../vault/session';
import type { Handlers } from './types';
import { assertMayRetract } from '../team/retract-rule';

/** Notes and timeline entries: added, edited (a new event superseding the old text) and retracted, never deleted. */
export function entryHandlers(vault: Vault) {
  return {
    'note.add': async ({ caseId, text }) => {
      const session = vault.unlocked();
      await session.append(caseId, 'note.added', { noteId: randomUUID(), text });
      return session.getCase(caseId);
    },
    'note.edit': async ({ caseId, noteId, text, supersedes }) => {
      const session = vault.unlocked();
      await requireEntry(session, caseId, noteId, 'note');
      await session.append(caseId, 'note.edited', { noteId, text, supersedes });
      return session.getCase(caseId);
    },
    'timeline.add': async ({ caseId, at, text }) => {
      const session = vault.unlocked();
      await session.append(caseId, 'timeline.added', { entryId: randomUUID(), at, text });
      return session.getCase(caseId);
    },
    'timeline.edit': async ({ caseId, entryId, at, text, supersedes }) => {
      const session = vault.unlocked();
      await requireEntry(session, caseId, entryId, 'timeline');
      await session.append(caseId, 'timeline.edited', { entryId, at, text, supersedes });
      return session.getCase(caseId);
    },
    'entry.retract': async ({ caseId, target, reason }) => {
      const session = vault.unlocked();
      await requireEntry(session, caseId, target, 'any');
      await assertMayRetract(session, caseId, target);
      await session.append(caseId, 'entry.retracted', { target, reason });
      return session.getCase(caseId);
    },
  } satisfies Partial<Handlers>;
}

async function requireEntry(session: VaultSession, caseId: string, id: string, kind: 'note' | 'timeline' | 'any'): Promise<void> {
  const state = await session.getCase(caseId);
  const isNote = state.notes.some((n) => n.id === id);
  const isEntry = state.timeline.some((e) => e.id === id);
  const found = kind === 'note' ? isNote : kind === 'timeline' ? isEntry : isNote || isEntry;
  if (!found) throw new ApiFailure('not_found', `No ${kind === 'any' ? 'note or timeline entry' : kind === 'note' ? 'note' : 'timeline entry'} ${id} in this case`);
}

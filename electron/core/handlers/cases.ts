import { namedHistory } from '../team/roster-names';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

export function caseHandlers(vault: Vault) {
  return {
    'case.list': async () => vault.unlocked().listCases(),
    'case.get': ({ id }) => vault.unlocked().getCase(id),
    'case.history': ({ id, offset, limit }) => namedHistory(vault.unlocked(), id, offset, limit),
    'case.create': ({ title, category, priority, site, constituency, reporter, summary, assignees }) => {
      const payload = {
        title,
        category,
        priority,
        status: 'new' as const,
        site: site ?? '',
        ...(constituency ? { constituency } : {}),
        ...(reporter ? { reporter } : {}),
        ...(summary ? { summary } : {}),
        ...(assignees && assignees.length > 0 ? { assignees } : {}),
      };
      return vault.unlocked().createCase(payload);
    },
    'case.setField': async ({ caseId, change }) => {
      const session = vault.unlocked();
      await session.append(caseId, 'case.field.set', change);
      return session.getCase(caseId);
    },
  } satisfies Partial<Handlers>;
}

/**
 * Which playbooks to offer first for a case, and why (issue 16 item 12): a
 * handler who sees this once a year needs the choice made for them, with the
 * reason in words, and the rest of the library still in view.
 */
import { categoryLabel, type CategoryId } from '../domain/taxonomy';
import { builtinRefs } from './library/ids';

type Choosable = { id: string; title: string; categories: readonly CategoryId[] };

export type PlaybookChoice<P extends Choosable> = {
  playbook: P;
  /** The one to take when in doubt: the first of the list. */
  best: boolean;
  /** Why it fits this case; null for the rest of the library. */
  why: string | null;
};

/**
 * The playbooks written for the case's category first (those for that
 * category alone before the broader ones); when none is, the triage playbook
 * for an unknown incident, which says which one to follow. Then the rest, by title.
 */
export function rankPlaybooks<P extends Choosable>(playbooks: readonly P[], category: CategoryId): PlaybookChoice<P>[] {
  const label = categoryLabel(category).toLowerCase();
  const written = playbooks.filter((p) => p.categories.includes(category));
  const byTitle = (a: P, b: P) => a.title.localeCompare(b.title);
  const recommended: PlaybookChoice<P>[] =
    written.length > 0
      ? [...written]
          .sort((a, b) => a.categories.length - b.categories.length || byTitle(a, b))
          .map((playbook, i) => ({ playbook, best: i === 0, why: i === 0 ? `Written for ${label} cases, like this one.` : `Also written for ${label} cases, among others.` }))
      : playbooks
          .filter((p) => p.id === builtinRefs.unknown.playbookId)
          .map((playbook) => ({ playbook, best: true, why: `No playbook is written for ${label} cases: its triage steps tell you which one to follow.` }));
  const chosen = new Set(recommended.map((c) => c.playbook.id));
  const rest = playbooks.filter((p) => !chosen.has(p.id)).sort(byTitle);
  return [...recommended, ...rest.map((playbook) => ({ playbook, best: false, why: null }))];
}

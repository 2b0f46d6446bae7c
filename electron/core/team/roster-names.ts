/**
 * The roster's name for each device (./FORMAT.md "Names"): the name a
 * person is known by in the team, which an event's own `actor` text (typed
 * on the writing device, so anyone's to choose) cannot change. Revoked
 * devices keep the name they were enrolled under, so their past work still
 * shows who wrote it.
 */
import type { HistoryItem, HistoryPage } from '../../../shared/api/schemas';
import type { RosterDocument } from '../../../shared/team/roster';
import type { VaultSession } from '../vault/session';
import { readRoster } from './roster-store';

/** Device id → roster name; an empty name is no name. */
export function rosterNames(roster: RosterDocument | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of roster?.revoked ?? []) if (d.name !== '') names.set(d.device, d.name);
  for (const d of roster?.devices ?? []) if (d.name !== '') names.set(d.device, d.name);
  return names;
}

/** A page of case history with each event's `rosterName` filled from the roster held now. */
export async function namedHistory(session: VaultSession, caseId: string, offset: number, limit: number): Promise<HistoryPage> {
  const page = await session.history(caseId, offset, limit);
  const names = rosterNames((await readRoster(session))?.document ?? null);
  if (names.size === 0) return page;
  const named = (item: HistoryItem): HistoryItem => {
    const rosterName = names.get(item.device);
    return rosterName === undefined ? item : { ...item, rosterName };
  };
  return { ...page, items: page.items.map(named) };
}

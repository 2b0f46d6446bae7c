/**
 * What waits to go out, for the header's count: events made here not yet
 * sealed into a segment for the team's recipients (the export log says what
 * was sealed; received events that a segment passes on do not count: they
 * are not the user's changes),
 * and sealed segments some target that is not paused does not hold yet.
 * The event count reads a case's journal only when the case changed since
 * the last seal (selectChanges skips the others), and is kept until the
 * case list changes again, so a status poll costs nothing while idle.
 */
import { lastExportTo } from '../bundles/export-log';
import { selectChanges } from '../bundles/selection';
import { readRoster } from '../team/roster-store';
import type { VaultSession } from '../vault/session';
import { Outbox } from './outbox';
import { recipientsOf } from './sync-run';

const counted = new WeakMap<VaultSession, { key: string; events: number }>();

export async function waitingChanges(session: VaultSession, pushedPerTarget: readonly number[]): Promise<{ events: number; segments: number }> {
  const sequences = await new Outbox(session.storage.dir).sequences();
  const sealed = sequences.at(-1) ?? 0;
  const segments = pushedPerTarget.length === 0 ? 0 : Math.max(0, sealed - Math.min(...pushedPerTarget));
  return { events: await unsealedEvents(session), segments };
}

async function unsealedEvents(session: VaultSession): Promise<number> {
  const roster = await readRoster(session);
  if (!roster) return 0;
  const recipients = await recipientsOf(session, roster.document).catch(() => null);
  if (!recipients) return 0;
  const record = await lastExportTo(session, recipients);
  const key = `${record?.lastExportAt ?? ''}|${session
    .listCases()
    .map((c) => `${c.id}:${c.eventCount}:${c.updatedAt}`)
    .join(',')}`;
  const cached = counted.get(session);
  if (cached?.key === key) return cached.events;
  const { cases } = await selectChanges(session, record);
  const me = session.device.deviceId;
  const events = cases.reduce((sum, c) => sum + c.events.filter((e) => e.device === me).length, 0);
  counted.set(session, { key, events });
  return events;
}

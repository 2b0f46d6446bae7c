/**
 * A device's place in the team roster: the name, role and site the
 * coordinator enrolled it under. Once a device is enrolled, what it writes is
 * signed with the roster's name (not whatever its user typed in Settings),
 * so that every vault of the team shows the same name for it.
 */
import type { RosterDocument } from './roster';

export type Enrolment = { name: string; role: string; site: string };

/** The device's enrolment in this roster version; null when it is not listed or has been revoked. */
export function enrolmentIn(document: Pick<RosterDocument, 'devices' | 'revoked'>, device: string): Enrolment | null {
  if (document.revoked.some((r) => r.device === device)) return null;
  const entry = document.devices.find((d) => d.device === device);
  return entry ? { name: entry.name, role: entry.role, site: entry.site } : null;
}

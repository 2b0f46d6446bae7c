/**
 * The retraction rule for retractions written here (./FORMAT.md "Trust
 * rules"): a device may retract only what it wrote, unless it is the
 * coordinator's. Importers refuse a bundle that breaks it (roster-gate.ts);
 * refusing it when it is written keeps a field vault from making work that
 * every team vault would then refuse whole.
 */
import { ApiFailure } from '../../../shared/api/errors';
import { entryAuthors, retractionProblem } from '../../../shared/team/trust-rules';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { rosterNames } from './roster-names';
import { readRoster, trustedCoordinator } from './roster-store';

export async function assertMayRetract(session: VaultSession, caseId: string, target: string): Promise<void> {
  const author = entryAuthors(await session.caseEvents(caseId)).get(target);
  const coordinator = (await trustedCoordinator(session))?.device ?? null;
  if (author === undefined || retractionProblem(session.device.deviceId, author, coordinator) === null) return;
  const name = rosterNames((await readRoster(session))?.document ?? null).get(author);
  throw new ApiFailure('forbidden', `Only the device that wrote it, or the coordinator's, can retract this: it was written by device ${fingerprintOf(author)}${name ? ` (${name})` : ''}, not by this one`);
}

/**
 * The team profile file a coordinator hands to field responders (in the
 * spirit of RFC 2350): team name, constituency, contacts, and the
 * coordinator's age recipient and signing device with their fingerprints.
 * JSON, validated by shared/api/bundle-schemas.ts `teamProfileSchema`:
 *
 *   {"format":"outpost-team-profile","version":1,"team":{name,constituency,contacts},
 *    "coordinator":{recipient,recipientFingerprint,device,deviceFingerprint,publicKey},"createdAt":…,
 *    "roster":{document,signature}}   the team roster when the profile was written (../team/FORMAT.md)
 *
 * A field vault stores the imported profile sealed (./key-store.ts); its
 * bundle exports then go to that recipient by default.
 */
import { teamProfileSchema, type KeysView, type TeamProfile, type TeamProfileCheck } from '../../../shared/api/bundle-schemas';
import { fingerprintWords, normaliseFingerprint } from '../../../shared/team/fingerprint-words';
import { ApiFailure } from '../../../shared/api/errors';
import { readTeam } from '../playbooks/team-store';
import type { VaultSession } from '../vault/session';
import { readJsonFile, writeNewJsonFile } from '../fs/json-file';
import { coordinatorRecipient, readCoordinator, readProfile, recipientFingerprint, rememberDevices, writeProfile } from './key-store';
import { deviceIdOf } from './manifest';
import { adoptRoster, checkOffer, ensureRoster, isCoordinatorVault } from '../team/roster-store';

export async function keysView(session: VaultSession): Promise<KeysView> {
  const coordinator = await readCoordinator(session);
  const team = await readProfile(session);
  const recipient = coordinator ? coordinatorRecipient(coordinator) : null;
  return {
    device: { deviceId: session.device.deviceId, fingerprint: session.device.fingerprint, publicKey: session.device.publicKey },
    coordinator: recipient ? { recipient, fingerprint: recipientFingerprint(recipient) } : null,
    team,
    defaultRecipients: team ? [team.coordinator.recipient] : recipient ? [recipient] : [],
  };
}

export async function exportProfile(session: VaultSession, request: { path: string; name: string; constituency?: string | undefined }): Promise<{ path: string; profile: TeamProfile }> {
  const coordinator = await readCoordinator(session);
  if (!coordinator) throw new ApiFailure('bad_request', 'This vault has no coordinator key yet; create it first (keys coordinator-init)');
  const recipient = coordinatorRecipient(coordinator);
  const team = await readTeam(session.storage);
  const profile: TeamProfile = {
    format: 'outpost-team-profile',
    version: 1,
    team: { name: request.name, constituency: request.constituency ?? '', contacts: team.contacts },
    coordinator: { recipient, recipientFingerprint: recipientFingerprint(recipient), device: session.device.deviceId, deviceFingerprint: session.device.fingerprint, publicKey: session.device.publicKey },
    createdAt: new Date().toISOString(),
  };
  // The current roster goes with the profile: a field vault then applies the same rules to its peers' work.
  const roster = await ensureRoster(session);
  if (roster) profile.roster = roster.signed;
  return { path: await writeNewJsonFile(request.path, profile), profile };
}

type OfferedProfile = { profile: TeamProfile; trusted: { device: string; publicKey: string }; roster: 'adopt' | 'current'; alreadyTrusted: boolean };

/** Reads a team profile and checks everything about it that importing would, writing nothing. */
async function readOffered(session: VaultSession, file: string): Promise<OfferedProfile> {
  const { source, value: profile } = await readJsonFile(file, teamProfileSchema, 'a team profile');
  const c = profile.coordinator;
  if (deviceIdOf(c.publicKey) !== c.device) throw new ApiFailure('bad_request', `${source}: the coordinator's device key does not match its id`);
  const held = await readProfile(session);
  if (held && held.coordinator.device !== c.device) throw new ApiFailure('bad_request', `${source} names another coordinator (${c.deviceFingerprint}) than the team profile already here (${held.coordinator.deviceFingerprint}); a vault belongs to one team`);
  // The roster is checked in full (signed by the coordinator this vault will trust, and newer than
  // the one held) before anything is written; a bad roster refuses the profile whole.
  const trusted = (await isCoordinatorVault(session)) ? { device: session.device.deviceId, publicKey: session.device.publicKey } : { device: c.device, publicKey: c.publicKey };
  const roster = profile.roster ? await checkOffer(session, profile.roster, trusted).catch((error: unknown) => Promise.reject(new ApiFailure('bad_request', `${source}: ${error instanceof Error ? error.message : String(error)}`))) : 'current';
  return { profile, trusted, roster, alreadyTrusted: held !== null };
}

/** What a person must compare with the coordinator before trusting a profile: shown first, nothing written. */
export async function checkProfile(session: VaultSession, file: string): Promise<TeamProfileCheck> {
  const { profile, alreadyTrusted } = await readOffered(session, file);
  const c = profile.coordinator;
  return {
    team: { name: profile.team.name, constituency: profile.team.constituency },
    coordinator: { recipientFingerprint: c.recipientFingerprint, deviceFingerprint: c.deviceFingerprint, deviceWords: fingerprintWords(c.device) },
    createdAt: profile.createdAt,
    rosterDevices: profile.roster ? profile.roster.document.devices.length : null,
    alreadyTrusted,
  };
}

/**
 * Trusts a team profile. `confirmFingerprint` is the coordinator device
 * fingerprint the person compared (from `checkProfile`): a file that changed
 * since is refused rather than trusted unseen.
 */
export async function importProfile(session: VaultSession, file: string, confirmFingerprint?: string): Promise<TeamProfile> {
  const { profile, trusted, roster } = await readOffered(session, file);
  const c = profile.coordinator;
  if (confirmFingerprint !== undefined && normaliseFingerprint(confirmFingerprint) !== normaliseFingerprint(c.deviceFingerprint)) {
    throw new ApiFailure('bad_request', `${file} now names coordinator ${c.deviceFingerprint}, not the ${confirmFingerprint} you checked; check the profile again`);
  }
  await rememberDevices(session, new Map([[c.device, c.publicKey]]));
  await writeProfile(session, profile);
  if (profile.roster && roster === 'adopt') await adoptRoster(session, profile.roster, trusted);
  return profile;
}

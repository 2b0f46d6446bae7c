/**
 * Team alerts and published playbooks (issue 12): the coordinator's bulletin, signed by its device
 * key, carried in every bundle and sync segment it seals (the manifest's
 * `bulletin`), shown on field devices as a banner until acknowledged. An
 * acknowledgement, signed by the device that made it, travels back in the
 * manifests of every device that holds it (`acks`). Pure: schemas and the signed text;
 * signing and storage are in electron/core/team/bulletin-store.ts.
 *
 * The signature is Ed25519 over BULLETIN_CONTEXT + canonicalBulletin(document).
 */
import { z } from 'zod';
import { canonicalJson } from '../events/canonical';
import { playbookSchema } from '../playbooks/model';
import { base64Sig, coordinatorIssued, hex64 } from './roster';

export const BULLETIN_FORMAT = 'outpost-team-bulletin';
export const BULLETIN_CONTEXT = 'outpost-bulletin/v1\n';
/** The bulletin keeps this many alerts, the newest. */
export const MAX_ALERTS = 100;
/** …and this many published playbook versions. */
export const MAX_PLAYBOOKS = 20;

const alertId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'not an alert id');
const time = z.string().min(1).max(64);

export const alertSeverity = z.enum(['info', 'warning', 'critical']);
export type AlertSeverity = z.infer<typeof alertSeverity>;

export const teamAlertSchema = z.strictObject({
  id: alertId,
  severity: alertSeverity,
  title: z.string().trim().min(1, 'Enter a title').max(200, 'At most 200 characters'),
  text: z.string().max(4000, 'At most 4000 characters'),
  issuedAt: time,
});
export type TeamAlert = z.infer<typeof teamAlertSchema>;

export const bulletinDocumentSchema = z.strictObject({
  ...coordinatorIssued(BULLETIN_FORMAT),
  alerts: z.array(teamAlertSchema).max(MAX_ALERTS),
  /** Playbook versions the coordinator published to the team, whole (the newest MAX_PLAYBOOKS). */
  playbooks: z.array(playbookSchema).max(MAX_PLAYBOOKS),
});
export type BulletinDocument = z.infer<typeof bulletinDocumentSchema>;

export const signedBulletinSchema = z.strictObject({ document: bulletinDocumentSchema, signature: base64Sig });
export type SignedBulletin = z.infer<typeof signedBulletinSchema>;

/**
 * A field device's acknowledgement of an alert, signed with its device key
 * over ACK_CONTEXT + canonicalAck, so that any device can pass it on (a
 * bridge between a USB drive and the team's server) and the coordinator
 * still knows who acknowledged.
 */
export const ACK_CONTEXT = 'outpost-alert-ack/v1\n';
export const alertAckSchema = z.strictObject({ alertId, device: hex64, at: time, signature: base64Sig });
export type AlertAck = z.infer<typeof alertAckSchema>;
export const ackSigningText = (a: Pick<AlertAck, 'alertId' | 'device' | 'at'>) => ACK_CONTEXT + JSON.stringify({ alertId: a.alertId, device: a.device, at: a.at });

/**
 * The signed text: canonical JSON (shared/events/canonical.ts: sorted keys,
 * no white space), so it does not depend on how a file was written. Absent
 * optional members are dropped first, as JSON drops them.
 */
export function canonicalBulletin(d: BulletinDocument): string {
  return canonicalJson(JSON.parse(JSON.stringify(d)));
}

export const bulletinSigningText = (d: BulletinDocument) => BULLETIN_CONTEXT + canonicalBulletin(d);

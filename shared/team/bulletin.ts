/**
 * Team alerts (issue 12): the coordinator's bulletin, signed by its device
 * key, carried in every bundle and sync segment it seals (the manifest's
 * `bulletin`), shown on field devices as a banner until acknowledged. An
 * acknowledgement, signed by the device that made it, travels back in the
 * manifests of every device that holds it (`acks`). Pure: schemas and the signed text;
 * signing and storage are in electron/core/team/bulletin-store.ts.
 *
 * The signature is Ed25519 over BULLETIN_CONTEXT + canonicalBulletin(document).
 */
import { z } from 'zod';
import { base64Sig, coordinatorIssued, hex64 } from './roster';

export const BULLETIN_FORMAT = 'outpost-team-bulletin';
export const BULLETIN_CONTEXT = 'outpost-bulletin/v1\n';
/** The bulletin keeps this many alerts, the newest. */
export const MAX_ALERTS = 100;

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

/** Keys in a fixed order, no white space: the signed text does not depend on how a file was written. */
export function canonicalBulletin(d: BulletinDocument): string {
  return JSON.stringify({
    format: d.format,
    version: d.version,
    serial: d.serial,
    issuedAt: d.issuedAt,
    coordinator: { device: d.coordinator.device, publicKey: d.coordinator.publicKey },
    alerts: d.alerts.map((a) => ({ id: a.id, severity: a.severity, title: a.title, text: a.text, issuedAt: a.issuedAt })),
  });
}

export const bulletinSigningText = (d: BulletinDocument) => BULLETIN_CONTEXT + canonicalBulletin(d);

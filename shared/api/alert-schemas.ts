/**
 * API shapes of team alerts (issue 12): the coordinator sends an alert to
 * the whole team through sync; field devices show it until acknowledged,
 * and the coordinator sees who acknowledged it.
 */
import { z } from 'zod';
import { alertSeverity } from '../team/bulletin';

export const AlertPublish = z.strictObject({
  severity: alertSeverity,
  title: z.string().trim().min(1, 'Enter a title').max(200, 'At most 200 characters'),
  text: z.string().max(4000, 'At most 4000 characters'),
});
export const AlertList = z.strictObject({});
export const AlertAcknowledge = z.strictObject({ id: z.uuid('Not an alert id') });

export type AlertView = {
  id: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  text: string;
  issuedAt: string;
  /** When this device acknowledged it (null: not yet). */
  acknowledgedAt: string | null;
  /** Coordinator: the field devices that acknowledged it. */
  acks: { device: string; fingerprint: string; name: string; at: string }[];
};

export const AlertListOutput = z.custom<{ coordinator: boolean; alerts: AlertView[] }>();

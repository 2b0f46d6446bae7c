/**
 * `bundle.changes`: what an export of everything changed since the last
 * export to these recipients would hold, and when that last export was, so
 * that a person sees it before writing anything.
 */
import type { BundleChanges } from '../../../shared/api/bundle-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import type { VaultSession } from '../vault/session';
import { lastExportTo, normalRecipients } from './export-log';
import { coordinatorName, selectChanges } from './selection';
import { keysView } from './team-profile';

export async function bundleChanges(session: VaultSession, recipients: readonly string[] | undefined): Promise<BundleChanges> {
  const keys = await keysView(session);
  const chosen = normalRecipients(recipients && recipients.length > 0 ? recipients : keys.defaultRecipients);
  if (chosen.length === 0) throw new ApiFailure('bad_request', 'No recipient: give an age recipient (age1…), or import the team profile of your coordinator');
  const record = await lastExportTo(session, chosen);
  const { cases, blobs } = await selectChanges(session, record);
  return {
    recipients: chosen,
    coordinator: coordinatorName(keys, chosen),
    lastExportAt: record?.lastExportAt ?? null,
    cases: cases.map((c) => ({ caseId: c.caseId, title: c.title, events: c.events.length })),
    events: cases.reduce((sum, c) => sum + c.events.length, 0),
    blobs: blobs.length,
    blobBytes: blobs.reduce((sum, b) => sum + b.size, 0),
  };
}

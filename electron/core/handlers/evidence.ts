import { randomUUID } from 'node:crypto';
import type { JobView } from '../../../shared/api/evidence-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { toCsv } from '../../../shared/evidence/csv';
import { renderCustodyForm } from '../../../shared/evidence/custody-form';
import { foldEvidence, type EvidenceItemState } from '../../../shared/evidence/evidence-fold';
import { evidenceTypeLabels } from '../../../shared/evidence/evidence-payloads';
import { startExport } from '../evidence/export-job';
import { findItem, startIntake } from '../evidence/intake-job';
import { localNow } from '../evidence/local-time';
import { startVerify } from '../evidence/verify-job';
import { jobsFor, type JobSnapshot } from '../jobs/job-runner';
import type { VaultSession } from '../vault/session';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';
import { assertMayRetract } from '../team/retract-rule';

/** Snapshots of evidence jobs carry the kinds, phases and results JobView names. */
export const asJobView = (snapshot: JobSnapshot) => snapshot as JobView;

async function liveItem(session: VaultSession, caseId: string, itemId: string): Promise<EvidenceItemState> {
  const item = await findItem(session, caseId, itemId);
  if (item.retracted) throw new ApiFailure('bad_request', `Evidence item ${itemId.slice(0, 8)} was retracted; nothing more can be recorded for it`);
  return item;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'case'
  );
}

/** The evidence log: items, custody, files (intake, verification and export run as jobs), the custody form. */
export function evidenceHandlers(vault: Vault) {
  return {
    'evidence.list': async ({ caseId }) => foldEvidence(await vault.unlocked().caseEvents(caseId)),
    'evidence.get': ({ caseId, itemId }) => findItem(vault.unlocked(), caseId, itemId),
    'evidence.register': async (input) => {
      const session = vault.unlocked();
      const itemId = randomUUID();
      await session.append(input.caseId, 'evidence.registered', {
        itemId,
        description: input.description,
        type: input.type ?? 'other',
        source: input.source ?? '',
        location: input.location ?? '',
        collectedBy: input.collectedBy ?? session.actorName,
        collectedAt: input.collectedAt ?? localNow(),
        method: input.method ?? '',
      });
      return findItem(session, input.caseId, itemId);
    },
    'evidence.update': async ({ caseId, itemId, changes, supersedes }) => {
      const session = vault.unlocked();
      await findItem(session, caseId, itemId);
      await session.append(caseId, 'evidence.updated', { itemId, changes, supersedes });
      return findItem(session, caseId, itemId);
    },
    'custody.transfer': async ({ caseId, itemId, from, to, at, place, purpose, condition }) => {
      const session = vault.unlocked();
      await liveItem(session, caseId, itemId);
      await session.append(caseId, 'custody.transferred', { itemId, from, to, at, place: place ?? '', purpose: purpose ?? '', condition: condition ?? '' });
      return findItem(session, caseId, itemId);
    },
    'evidence.access': async ({ caseId, itemId, by, at, purpose }) => {
      const session = vault.unlocked();
      await liveItem(session, caseId, itemId);
      await session.append(caseId, 'evidence.accessed', { itemId, by: by ?? session.actorName, at: at ?? localNow(), purpose });
      return findItem(session, caseId, itemId);
    },
    'evidence.attach': async (input) => {
      const session = vault.unlocked();
      return asJobView(await startIntake(session, jobsFor(session), input));
    },
    'evidence.verify': async (input) => {
      const session = vault.unlocked();
      return asJobView(await startVerify(session, jobsFor(session), input));
    },
    'evidence.export': async (input) => {
      const session = vault.unlocked();
      return asJobView(await startExport(session, jobsFor(session), input));
    },
    'evidence.form': async ({ caseId, itemId }) => {
      const session = vault.unlocked();
      const state = await session.getCase(caseId);
      const items = itemId ? [await findItem(session, caseId, itemId)] : foldEvidence(await session.caseEvents(caseId)).items;
      const html = renderCustodyForm({
        caseId,
        caseTitle: state.title,
        site: state.site,
        items,
        scope: itemId ? 'item' : 'case',
        generatedAt: localNow(),
        generatedBy: session.actorName,
      });
      const fileName = `chain-of-custody-${slug(state.title)}${itemId ? `-item-${itemId.slice(0, 8)}` : ''}.html`;
      return { html, fileName };
    },
    'evidence.exportCsv': async ({ caseId }) => {
      const session = vault.unlocked();
      const state = await session.getCase(caseId);
      const log = foldEvidence(await session.caseEvents(caseId));
      const header = ['Item', 'Description', 'Type', 'Source', 'Location', 'Collected by', 'Collected at', 'Method', 'Holder', 'File', 'Size', 'SHA-256', 'SHA-1', 'MD5', 'Verification', 'Retracted'];
      const rows: string[][] = [];
      for (const i of log.items) {
        const base = [i.id, i.description, evidenceTypeLabels[i.type], i.source, i.location, i.collectedBy, i.collectedAt, i.method, i.holder];
        if (i.files.length === 0) rows.push([...base, '', '', '', '', '', '', i.retracted ? 'yes' : '']);
        for (const f of i.files) rows.push([...base, f.name, String(f.size), f.sha256, f.sha1 ?? '', f.md5 ?? '', f.status, i.retracted || f.retracted ? 'yes' : '']);
      }
      return { csv: toCsv([header, ...rows]), fileName: `evidence-${slug(state.title)}.csv`, rows: rows.length };
    },
    'evidence.retract': async ({ caseId, target, reason }) => {
      const session = vault.unlocked();
      const log = foldEvidence(await session.caseEvents(caseId));
      const item = log.items.find(
        (i) =>
          i.id === target ||
          i.files.some((f) => f.fileId === target) ||
          i.custody.some((c) => c.eventId === target && (c.kind === 'transferred' || c.kind === 'accessed')),
      );
      if (!item) throw new ApiFailure('not_found', `No evidence item, file, transfer or access ${target} in this case`);
      const already = item.id === target ? item.retracted : (item.files.find((f) => f.fileId === target)?.retracted ?? item.custody.find((c) => c.eventId === target)?.retracted);
      if (already) throw new ApiFailure('bad_request', `That was already retracted by ${already.by} (${already.reason})`);
      await assertMayRetract(session, caseId, target);
      await session.append(caseId, 'entry.retracted', { target, reason });
      return findItem(session, caseId, item.id);
    },
  } satisfies Partial<Handlers>;
}

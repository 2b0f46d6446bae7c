import { useState } from 'react';
import type { EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { api } from '../../api/client';
import { useEvidenceStore } from '../../stores/evidence-store';
import { CustodyList } from './custody-list';
import { CustodyFormButton } from './custody-form-button';
import { ItemFields } from './item-fields';
import { ItemFiles, StatusBadge } from './item-files';
import { JobProgress } from './job-progress';
import { TransferForm } from './transfer-form';
import { useJob } from '../../hooks/use-job';
import { verifyOutcome } from './verify-outcome';

/** One item: its details, files, chain of custody, and what can be done with it. */
export function ItemDetail({ caseId, item }: { caseId: string; item: EvidenceItemState }) {
  const reload = useEvidenceStore((s) => s.load);
  const [transferring, setTransferring] = useState(false);
  const verifying = useJob();
  const live = !item.retracted;
  const liveFiles = item.files.filter((f) => !f.retracted).length;

  async function verify() {
    await verifying.run(() => api.send('evidence.verify', { caseId, itemId: item.id }));
    await reload(caseId);
  }

  return (
    <article className="item-detail" aria-labelledby={`item-${item.id}`}>
      <header className="item-detail-head">
        <div className="item-title">
          <span className="exhibit exhibit-label" aria-label={`Exhibit ${item.exhibit}`} title="Exhibit number in this case, for bag labels">
            {item.exhibit}
          </span>
          <h2 id={`item-${item.id}`}>{item.description}</h2>
          <span className="mono muted small" title={item.id}>
            Item {item.id.slice(0, 8)}
          </span>
          <StatusBadge status={item.status} />
          {item.custodyFlags > 0 && <span className="badge badge-flag">{item.custodyFlags} custody {item.custodyFlags === 1 ? 'problem' : 'problems'}</span>}
        </div>
        <div className="button-row">
          {live && (
            <button type="button" onClick={() => setTransferring(true)} disabled={transferring}>
              Transfer custody…
            </button>
          )}
          <button type="button" onClick={() => void verify()} disabled={verifying.running || liveFiles === 0} title={liveFiles === 0 ? 'No file to verify' : undefined}>
            Verify
          </button>
          <CustodyFormButton caseId={caseId} itemId={item.id} label="Custody form" />
        </div>
      </header>
      {item.retracted && (
        <p className="retraction">
          Retracted by {item.retracted.by}: {item.retracted.reason}
        </p>
      )}
      {verifying.error && (
        <p className="field-error" role="alert">
          {verifying.error}
        </p>
      )}
      {/* A success shown above a later failure (found by "Verify all") would mislead: it goes once the item has failed. */}
      {verifying.job && !(verifying.job.state === 'done' && item.status === 'failed') && <JobProgress job={verifying.job} onCancel={() => void verifying.cancel()} {...verifyOutcome(verifying.job)} />}
      <ItemFields caseId={caseId} item={item} />
      <ItemFiles caseId={caseId} item={item} />
      <section className="item-section" aria-labelledby={`custody-${item.id}`}>
        <h3 id={`custody-${item.id}`}>Chain of custody</h3>
        {transferring && <TransferForm caseId={caseId} item={item} onDone={() => setTransferring(false)} />}
        <CustodyList custody={item.custody} />
      </section>
    </article>
  );
}

import { useEffect, useState } from 'react';
import type { EvidenceLog } from '../../../../shared/evidence/evidence-fold';
import { evidenceTypeLabels } from '../../../../shared/evidence/evidence-payloads';
import { api } from '../../api/client';
import { useEvidenceStore } from '../../stores/evidence-store';
import type { CaseDetail } from '../../stores/case-store';
import { CustodyFormButton } from './custody-form-button';
import { formatAt, formatBytes } from './evidence-format';
import { ItemDetail } from './item-detail';
import { StatusBadge } from './item-files';
import { JobProgress } from './job-progress';
import { RegisterForm } from './register-form';
import { useJob } from '../../hooks/use-job';
import { verifyOutcome } from './verify-outcome';
import './evidence.css';

function Totals({ log }: { log: EvidenceLog }) {
  const t = log.totals;
  return (
    <p className="evidence-totals" aria-label="Totals">
      <span>
        <strong>{t.items.toLocaleString()}</strong> {t.items === 1 ? 'item' : 'items'}
      </span>
      <span>
        <strong>{t.files.toLocaleString()}</strong> {t.files === 1 ? 'file' : 'files'} ({formatBytes(t.bytes)})
      </span>
      <span>
        <strong>{t.verified.toLocaleString()}</strong> verified
      </span>
      <span>
        <strong>{t.unverified.toLocaleString()}</strong> unverified
      </span>
      <span className={t.failed > 0 ? 'total-failed' : undefined}>
        <strong>{t.failed.toLocaleString()}</strong> failed
      </span>
      {t.custodyFlags > 0 && (
        <span className="total-flags">
          <strong>{t.custodyFlags.toLocaleString()}</strong> custody {t.custodyFlags === 1 ? 'problem' : 'problems'}
        </span>
      )}
    </p>
  );
}

/** Loud, and it stays while any file's latest verification failed. */
function FailureBanner({ log }: { log: EvidenceLog }) {
  const failures = log.items.filter((i) => !i.retracted).flatMap((i) => i.files.filter((f) => !f.retracted && f.status === 'failed').map((f) => ({ item: i, file: f })));
  if (failures.length === 0) return null;
  return (
    <div className="verify-failed" role="alert">
      <strong>
        Verification FAILED for {failures.length} {failures.length === 1 ? 'file' : 'files'}: the stored copy no longer matches the SHA-256 recorded at intake.
      </strong>
      <ul>
        {failures.map(({ item, file }) => (
          <li key={file.fileId}>
            {file.name} ({item.exhibit}, item {item.id.slice(0, 8)}, {item.description}): {file.lastVerification?.result.toUpperCase()} — {file.lastVerification?.detail}
          </li>
        ))}
      </ul>
      <p className="small">Do not rely on these files. Keep the original media; record what happened in the notes.</p>
    </div>
  );
}

/** The case's evidence log: items with their files and chain of custody. */
export function EvidenceTab({ state }: { state: CaseDetail }) {
  const caseId = state.id;
  const log = useEvidenceStore((s) => (s.caseId === caseId ? s.log : null));
  const error = useEvidenceStore((s) => (s.caseId === caseId ? s.error : null));
  const selectedItemId = useEvidenceStore((s) => s.selectedItemId);
  const load = useEvidenceStore((s) => s.load);
  const select = useEvidenceStore((s) => s.select);
  const [registering, setRegistering] = useState(false);
  const verifyingAll = useJob();

  useEffect(() => {
    void load(caseId);
  }, [caseId, load, state.eventCount]);

  async function verifyAll() {
    await verifyingAll.run(() => api.send('evidence.verify', { caseId }));
    await load(caseId);
  }

  if (error && !log) {
    return (
      <p className="error" role="alert">
        The evidence log cannot be read: {error}
      </p>
    );
  }
  if (!log) {
    return (
      <p className="muted" aria-busy="true">
        Loading the evidence log…
      </p>
    );
  }
  const selected = log.items.find((i) => i.id === selectedItemId) ?? log.items[0];

  return (
    <div className="evidence-tab">
      <div className="evidence-bar">
        <Totals log={log} />
        <div className="button-row">
          <button type="button" className="primary" onClick={() => setRegistering(true)} disabled={registering}>
            Register item…
          </button>
          <button type="button" onClick={() => void verifyAll()} disabled={verifyingAll.running || log.totals.files === 0}>
            Verify all
          </button>
          <CustodyFormButton caseId={caseId} label="Case custody form" />
        </div>
      </div>
      {verifyingAll.error && (
        <p className="field-error" role="alert">
          {verifyingAll.error}
        </p>
      )}
      {verifyingAll.job && <JobProgress job={verifyingAll.job} onCancel={() => void verifyingAll.cancel()} {...verifyOutcome(verifyingAll.job)} />}
      <FailureBanner log={log} />
      {registering && <RegisterForm caseId={caseId} onDone={() => setRegistering(false)} />}
      {log.items.length === 0 ? (
        !registering && (
          <div className="empty">
            <p>No evidence recorded yet.</p>
            <p className="muted">Register each item as it is collected — a disk image, a memory dump, a seized phone — and record every hand-over.</p>
          </div>
        )
      ) : (
        <div className="evidence-layout">
          <ul className="item-list" aria-label="Evidence items">
            {log.items.map((item) => (
              <li key={item.id}>
                <button type="button" className={`item-row${item === selected ? ' selected' : ''}${item.retracted ? ' retracted' : ''}`} aria-current={item === selected ? 'true' : undefined} onClick={() => select(item.id)}>
                  <span className="item-row-head">
                    <span className="exhibit" title={`Exhibit number in this case; item id ${item.id}`}>
                      {item.exhibit}
                    </span>
                    <span className="item-row-title">{item.description}</span>
                  </span>
                  <span className="item-row-meta">
                    <StatusBadge status={item.status} />
                    {item.custodyFlags > 0 && <span className="badge badge-flag">Custody: {item.custodyFlags}</span>}
                    <span className="muted small">
                      {evidenceTypeLabels[item.type]} · {formatAt(item.collectedAt).slice(0, 10)}
                    </span>
                  </span>
                  <span className="muted small">
                    Held by {item.holder} · <span className="mono">{item.id.slice(0, 8)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected && <ItemDetail key={selected.id} caseId={caseId} item={selected} />}
        </div>
      )}
    </div>
  );
}

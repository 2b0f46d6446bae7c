import { useState, type FormEvent } from 'react';
import type { BundleImportReport, BundleInspection, BundleSummary } from '../../../../shared/api/bundle-schemas';
import { api, errorMessage } from '../../api/client';
import { formatDateTime, plural } from '../../format';
import { useCaseStore } from '../../stores/case-store';
import { formatBytes } from '../evidence/evidence-format';
import { Field } from '../field';
import { BundleProgress } from './bundle-progress';
import type { BundleJobView } from '../../../../shared/api/bundle-schemas';
import { useJob } from '../../hooks/use-job';
import type { HeldBundle } from '../../../../shared/api/roster-schemas';
import { HeldSummary } from '../team/held-summary';
import '../team/team.css';

/** Inspect a bundle, then import it and show what it changed here. */
export function ImportPanel({ onShowHeld }: { onShowHeld: () => void }) {
  const loadCases = useCaseStore((s) => s.load);
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [summary, setSummary] = useState<BundleInspection | null>(null);
  const [rejected, setRejected] = useState<string | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const job = useJob<BundleJobView>();

  const input = () => ({ path: path.trim(), ...(passphrase ? { passphrase } : {}) });

  function reset() {
    setSummary(null);
    setRejected(null);
    job.clear();
  }

  async function onInspect(event: FormEvent) {
    event.preventDefault();
    reset();
    setInspecting(true);
    try {
      setSummary(await api.send('bundle.inspect', input()));
    } catch (caught) {
      setRejected(errorMessage(caught));
    } finally {
      setInspecting(false);
    }
  }

  async function onImport() {
    setRejected(null);
    const view = await job.run(() => api.send('bundle.import', input()));
    if (view?.state === 'failed') {
      // A refusal takes back everything Inspect showed: no green signature line, no Import button under it.
      setSummary(null);
      setRejected(view.error?.message ?? 'The bundle could not be imported.');
    }
    if (view?.state === 'done') await loadCases();
  }

  const report = job.job?.kind === 'bundle.import' && job.job.state === 'done' ? job.job.result : undefined;
  return (
    <div className="bundle-panel">
      <form onSubmit={(e) => void onInspect(e)} aria-label="Open a bundle">
        <div className="row">
          <Field label="Bundle file">
            {(p) => (
              <input
                {...p}
                className="mono"
                value={path}
                onChange={(e) => {
                  setPath(e.target.value);
                  reset();
                }}
                placeholder="/media/usb/case.outpost"
                required
              />
            )}
          </Field>
          <Field label="Bundle passphrase" hint="Only if it was made with one." className="narrow-wide">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                value={passphrase}
                onChange={(e) => {
                  setPassphrase(e.target.value);
                  reset();
                }}
              />
            )}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" disabled={inspecting || job.running}>
            {inspecting ? 'Inspecting…' : 'Inspect'}
          </button>
        </div>
      </form>

      {rejected && (
        <div className="bundle-rejected" role="alert" data-testid="bundle-rejected">
          <strong>This bundle was refused. Nothing was imported.</strong>
          <p>{plainReason(rejected)}</p>
        </div>
      )}

      {summary && summary.importedBefore !== null && !report && (
        <p className="banner banner-notice report-notice" role="status" data-testid="imported-before">
          This bundle was already imported here on {formatDateTime(summary.importedBefore)}. Importing it again checks it and changes nothing.
        </p>
      )}
      {summary && <SummaryFacts summary={summary} />}
      {summary && !report && (
        <div className="actions">
          {/* Already in: importing again is harmless but not the next step, so it is not the main button. */}
          <button type="button" className={summary.importedBefore === null ? 'primary' : undefined} disabled={job.running || !summary.signatureValid} onClick={() => void onImport()}>
            {summary.importedBefore === null ? `Import ${plural(summary.cases.length, 'case')}` : 'Import again (checks it, changes nothing)'}
          </button>
        </div>
      )}
      {job.error && (
        <p className="error" role="alert">
          {job.error}
        </p>
      )}
      {job.job && job.job.state !== 'failed' && !report && <BundleProgress job={job.job} onCancel={() => void job.cancel()} />}
      {report && (report.held ? <HeldNotice held={report.held} onShowHeld={onShowHeld} /> : <ImportReport report={report} />)}
    </div>
  );
}

/** A bundle from a device not on the roster: verified, kept aside, nothing applied. */
function HeldNotice({ held, onShowHeld }: { held: HeldBundle; onShowHeld: () => void }) {
  return (
    <section className="held-waiting" aria-labelledby="held-title" data-testid="bundle-held">
      <h3 id="held-title">Waiting for approval — nothing was applied</h3>
      <p>This bundle verifies, but it carries work of a device that is not on the team roster. It is kept here until the coordinator enrols the device (after checking its fingerprint with the sender) or refuses the bundle.</p>
      <HeldSummary held={held} />
      <div className="actions">
        <button type="button" onClick={onShowHeld}>
          Show bundles waiting
        </button>
      </div>
    </section>
  );
}

/** The core's reason without its "rejected" preamble, which the box's heading already says. */
function plainReason(message: string): string {
  const reason = message.replace(/^The bundle was rejected:\s*/i, '');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

function SummaryFacts({ summary }: { summary: BundleSummary }) {
  const events = summary.cases.reduce((n, c) => n + c.events, 0);
  return (
    <section className="bundle-summary" aria-label="Bundle contents">
      <dl className="facts">
        <dt>Exported by</dt>
        <dd>
          {summary.exporter.actor || 'unnamed'} — device <code className="mono fingerprint">{summary.exporter.fingerprint}</code>
        </dd>
        <dt>Made</dt>
        <dd>{formatDateTime(summary.createdAt)}</dd>
        <dt>Cases</dt>
        <dd>
          <ul className="plain">
            {summary.cases.map((c) => (
              <li key={c.caseId}>
                {c.title} <span className="hint">({plural(c.events, 'event')})</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Events</dt>
        <dd>{events.toLocaleString()}</dd>
        <dt>Evidence</dt>
        <dd>
          {plural(summary.blobs, 'file')}, {formatBytes(summary.blobBytes)}
        </dd>
        <dt>Signature</dt>
        {/* Inspect reads the signed manifest only: say so, rather than call the whole bundle valid. */}
        <dd className={summary.signatureValid ? 'success' : 'error'}>
          {summary.signatureValid ? (
            <>
              Manifest signed by the exporting device
              <span className="hint"> — the events and files are checked when you import</span>
            </>
          ) : (
            'Does not verify: the manifest was altered or signed by another key'
          )}
        </dd>
      </dl>
    </section>
  );
}

function ImportReport({ report }: { report: BundleImportReport }) {
  const titles = new Map(report.summary.cases.map((c) => [c.caseId, c.title]));
  const fingerprints = new Map(report.summary.devices.map((d) => [d.device, d.fingerprint]));
  const byDevice = Object.entries(report.newEventsByDevice);
  return (
    <section className="bundle-report" aria-labelledby="import-report-title" data-testid="import-report">
      <h3 id="import-report-title">Import report</h3>
      {report.importedBefore !== null && (
        <p className="banner banner-notice report-notice" role="status">
          This bundle was already imported here on {formatDateTime(report.importedBefore)}; it was checked again and nothing changed.
        </p>
      )}
      <dl className="facts">
        <dt>New cases</dt>
        <dd>{report.newCases.length === 0 ? <span className="muted">None — all were already here</span> : report.newCases.map((id) => titles.get(id) ?? id).join(', ')}</dd>
        <dt>New events</dt>
        <dd>
          {byDevice.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="plain">
              {byDevice.map(([device, count]) => (
                <li key={device}>
                  {plural(count, 'event')} from <code className="mono fingerprint">{fingerprints.get(device) ?? device.slice(0, 16)}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Duplicates skipped</dt>
        <dd>{report.duplicatesSkipped.toLocaleString()}</dd>
        <dt>New devices</dt>
        <dd>
          {report.newDevices.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="plain">
              {report.newDevices.map((d) => (
                <li key={d.device}>
                  <code className="mono fingerprint">{d.fingerprint}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Evidence added</dt>
        <dd>
          {plural(report.evidenceFilesAdded, 'file')}, {formatBytes(report.evidenceBytesAdded)}
        </dd>
      </dl>
      <h4>{report.conflicts.length === 0 ? 'No new conflicts' : `${plural(report.conflicts.length, 'new conflict')} to resolve in the case`}</h4>
      {report.conflicts.length > 0 && (
        <table className="bundle-conflicts">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Kind</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {report.conflicts.map((c, i) => (
              <tr key={`${c.caseId}-${c.kind}-${i}`}>
                <td>{titles.get(c.caseId) ?? c.caseId}</td>
                <td>{conflictKindLabel(c.kind)}</td>
                <td>{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const CONFLICT_KINDS: Record<string, string> = {
  field: 'Case field',
  note: 'Note',
  timeline: 'Timeline entry',
  'checklist-step': 'Checklist step',
  'checklist-decision': 'Checklist decision',
};

/** The report's conflict kinds (machine names, as the CLI prints them) in words. */
function conflictKindLabel(kind: string): string {
  return CONFLICT_KINDS[kind] ?? kind;
}

import type { CustodyEntry } from '../../../../shared/evidence/custody';
import { formatAt } from './evidence-format';

const kindLabels: Record<CustodyEntry['kind'], string> = {
  collected: 'Collected',
  transferred: 'Transferred',
  accessed: 'Accessed',
  attached: 'File attached',
  verified: 'Verified',
  exported: 'Exported',
  'intake-stopped': 'Intake stopped',
};

function summary(entry: CustodyEntry): string {
  switch (entry.kind) {
    case 'collected':
      return `Collected by ${entry.by ?? ''}${entry.detail ? ` from ${entry.detail}` : ''}`;
    case 'transferred':
      return `${entry.from ?? ''} → ${entry.to ?? ''}`;
    case 'accessed':
      return `Accessed by ${entry.by ?? ''}`;
    case 'verified':
      return `${entry.fileName ?? ''}: ${entry.result === 'ok' ? 'digest matches' : `${(entry.result ?? '').toUpperCase()}`}`;
    case 'attached':
    case 'exported':
    case 'intake-stopped':
      return `${entry.fileName ?? ''}${entry.by ? ` — by ${entry.by}` : ''}`;
  }
}

/** The chain of custody as one ordered list; every flagged entry says what is wrong with it. */
export function CustodyList({ custody }: { custody: readonly CustodyEntry[] }) {
  return (
    <ol className="custody-list" aria-label="Chain of custody, earliest first">
      {custody.map((entry) => {
        const flagged = entry.flags.length > 0 && !entry.retracted;
        const failed = entry.kind === 'verified' && entry.result !== 'ok';
        const classes = ['custody-entry', flagged ? 'flagged' : '', failed ? 'failed' : '', entry.retracted ? 'retracted' : ''].filter(Boolean).join(' ');
        return (
          <li key={entry.eventId} className={classes}>
            <span className="custody-at mono" title={`Recorded ${entry.recordedAt} by ${entry.recordedBy}`}>
              {formatAt(entry.at)}
            </span>
            <div className="custody-body">
              <div>
                <span className="custody-kind">{kindLabels[entry.kind]}</span> <span className="custody-summary">{summary(entry)}</span>
              </div>
              {(entry.place || entry.purpose || entry.condition) && entry.kind !== 'collected' && (
                <div className="custody-detail small muted">
                  {[entry.place && `Place: ${entry.place}`, entry.purpose && `Purpose: ${entry.purpose}`, entry.condition && `Condition: ${entry.condition}`].filter(Boolean).join(' · ')}
                </div>
              )}
              {entry.kind !== 'transferred' && entry.kind !== 'collected' && entry.detail && <div className="custody-detail small muted mono">{entry.detail}</div>}
              {entry.retracted && <div className="retraction">Retracted by {entry.retracted.by}: {entry.retracted.reason}</div>}
              {flagged && (
                <ul className="custody-flags" aria-label="Problems">
                  {entry.flags.map((flag) => (
                    <li key={flag.kind + flag.message}>
                      <strong>{flag.kind === 'gap' ? 'Gap' : flag.kind === 'two-holders' ? 'Two holders' : flag.kind === 'future' ? 'Future date' : 'Out of order'}:</strong> {flag.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <span className="custody-holder small">
              <span className="muted">Holder</span> {entry.holder}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

import type { SyncRunRecord } from '../../../../shared/api/sync-schemas';
import { formatPreciseDateTime } from '../../format';
import { triggerWords } from './sync-words';

/** Every recorded run, newest first, with how it ended and what it moved. */
export function RunHistory({ runs }: { runs: SyncRunRecord[] }) {
  if (runs.length === 0) return <p className="muted">No sync has run yet.</p>;
  return (
    <table className="sync-runs">
      <caption className="visually-hidden">Sync runs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Finished</th>
          <th scope="col">Target</th>
          <th scope="col">Started by</th>
          <th scope="col">Outcome</th>
          <th scope="col">In</th>
          <th scope="col">Out</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={`${r.target}-${r.startedAt}-${r.finishedAt}`} className={r.ok ? '' : 'failed'}>
            <td>{formatPreciseDateTime(r.finishedAt)}</td>
            <td>{r.target}</td>
            <td>{triggerWords[r.trigger]}</td>
            <td>
              {r.ok ? 'Done' : `${r.error?.kind === 'unreachable' ? 'Unreachable' : r.error?.kind === 'cancelled' ? 'Cancelled' : 'Failed'}: ${r.error?.message ?? ''}`}
              {r.held > 0 && ` — ${r.held} held for approval`}
              {r.waiting > 0 && ` — ${r.waiting} device(s) not complete yet`}
            </td>
            <td>{r.segmentsIn > 0 ? `${r.eventsIn} event(s) in ${r.segmentsIn} segment(s)` : '—'}</td>
            <td>{r.sealed !== null ? `segment ${r.sealed}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

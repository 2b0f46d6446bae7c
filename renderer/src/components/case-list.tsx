import { useCaseStore, type CaseSummary } from '../stores/case-store';
import { useVaultStore } from '../stores/vault-store';
import { capitalize, formatCategory, formatDateTime, plural } from '../format';
import { ChecklistProgress } from './checklist-progress';

/** A case whose journal cannot be read: shown, so nothing silently disappears, but it cannot be opened. */
function DamagedCase({ item }: { item: CaseSummary }) {
  return (
    <li className="case-row damaged" aria-label={`${item.title} — cannot be opened`}>
      <span className="case-title">{item.title}</span>
      <span className="error">This case cannot be opened.</span>
      <span className="case-problem">{item.problem}</span>
    </li>
  );
}

export function CaseList({ onNew }: { onNew: () => void }) {
  const cases = useCaseStore((s) => s.cases);
  const loaded = useCaseStore((s) => s.loaded);
  const listError = useCaseStore((s) => s.listError);
  const selectedId = useCaseStore((s) => s.selectedId);
  const select = useCaseStore((s) => s.select);
  const readOnly = useVaultStore((s) => s.status?.readOnly === true);

  return (
    <nav className="case-list" aria-label="Cases">
      <div className="pane-header">
        <h2>Cases</h2>
        <span className="count">{loaded ? cases.length : ''}</span>
        <button type="button" className="primary" onClick={onNew} title={readOnly ? 'Read-only: nothing can be changed here' : 'New case (N)'} disabled={readOnly}>
          New case
        </button>
      </div>
      {!loaded && (
        <p className="muted pad" aria-busy="true">
          Loading cases…
        </p>
      )}
      {listError && (
        <p className="error pad" role="alert">
          {listError}
        </p>
      )}
      {loaded && !listError && cases.length === 0 && (
        <div className="empty">
          <p>No cases yet.</p>
          <p className="muted">When something happens, open a case to record it. Press N or use “New case”.</p>
        </div>
      )}
      <ul>
        {cases.map((c) =>
          c.problem !== undefined ? (
            <DamagedCase key={c.id} item={c} />
          ) : (
            <li key={c.id}>
              <button
                type="button"
                className={c.id === selectedId ? 'case-row selected' : 'case-row'}
                aria-current={c.id === selectedId ? 'true' : undefined}
                onClick={() => void select(c.id)}
              >
                <span className="case-title">{c.title}</span>
                <span className="case-meta">
                  <span className={`priority priority-${c.priority}`}>{capitalize(c.priority)}</span>
                  <span>{formatCategory(c.category)}</span>
                  {c.site && <span>{c.site}</span>}
                </span>
                <span className="case-meta muted" title={c.updatedAt}>
                  {capitalize(c.status)} · updated {formatDateTime(c.updatedAt)}
                </span>
                <ChecklistProgress summary={c.checklist} className="case-meta" />
                {c.conflictCount > 0 && <span className="case-meta conflict-note">{plural(c.conflictCount, 'conflict')} to review</span>}
              </button>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}

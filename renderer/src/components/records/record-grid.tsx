import { useState, type FormEvent } from 'react';
import { filterRecords, gridColumns, sortRecords, cellText, type LinkLabels, type SortSpec } from '../../../../shared/evidence/grid';
import { recordKindLabels, type RecordKind } from '../../../../shared/evidence/record-payloads';
import type { RecordState } from '../../../../shared/evidence/records-fold';
import { api, errorMessage } from '../../api/client';
import { useRecordsStore } from '../../stores/records-store';

function RetractRow({ caseId, record, span, onDone }: { caseId: string; record: RecordState; span: number; onDone: () => void }) {
  const runCommand = useRecordsStore((s) => s.run);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return setError('Say why it is retracted');
    try {
      await runCommand(caseId, record.kind, () => api.send('record.retract', { caseId, recordId: record.id, reason: reason.trim() }));
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <tr className="retract-row">
      <td colSpan={span}>
        <form className="retract-form path-form" aria-label="Retract the record" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onDone()} noValidate>
          <label className="compact grow">
            Why is it retracted? (required)
            <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} placeholder="e.g. Entered by mistake: the address is our proxy" />
          </label>
          <button type="submit" className="primary">
            Retract
          </button>
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          {error && (
            <span className="field-error" role="alert">
              {error}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

/** A sortable, filterable grid of one kind of record; retracted records are shown on request, struck through. */
export function RecordGrid({ caseId, kind, rows, labels }: { caseId: string; kind: RecordKind; rows: readonly RecordState[]; labels: LinkLabels }) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortSpec | null>(null);
  const [showRetracted, setShowRetracted] = useState(false);
  const [retracting, setRetracting] = useState<string | null>(null);
  const all = gridColumns[kind];
  const live = rows.filter((r) => showRetracted || !r.retracted);
  // A column nobody filled in takes room from the values (at 1024 px, the Value column shrank to a sliver): shown only once used.
  const columns = all.filter((c) => c.required || live.some((r) => cellText(r, c, labels) !== ''));
  const hidden = all.filter((c) => !columns.includes(c));
  const filtered = filterRecords(live, query, labels);
  const shown = sort ? sortRecords(filtered, sort, labels) : filtered;
  const retractedCount = rows.filter((r) => r.retracted).length;

  function toggleSort(key: string) {
    setSort((s) => (s?.key === key ? (s.direction === 'asc' ? { key, direction: 'desc' } : null) : { key, direction: 'asc' }));
  }

  return (
    <div className="record-grid">
      <div className="grid-bar">
        <label className="compact grid-filter">
          <span className="visually-hidden">Filter {recordKindLabels[kind].many}</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={`Filter — e.g. ${kind === 'indicator' ? 'tlp:red' : kind === 'system' || kind === 'account' ? 'state:compromised' : 'text'}`} aria-label={`Filter ${recordKindLabels[kind].many}`} />
        </label>
        <span className="muted small" aria-live="polite">
          {query ? `${shown.length} of ${live.length} shown` : `${live.length} ${live.length === 1 ? recordKindLabels[kind].one : recordKindLabels[kind].many}`}
        </span>
        {hidden.length > 0 && (
          <span className="muted small" data-testid="hidden-columns">
            Empty, not shown: {hidden.map((c) => c.label.toLowerCase()).join(', ')}
          </span>
        )}
        {retractedCount > 0 && (
          <label className="inline-check small">
            <input type="checkbox" checked={showRetracted} onChange={(e) => setShowRetracted(e.target.checked)} /> Show {retractedCount} retracted
          </label>
        )}
      </div>
      {shown.length === 0 ? (
        <p className="muted grid-empty">{query ? 'No record matches the filter.' : null}</p>
      ) : (
        <div className="grid-scroll">
          <table className="grid" aria-label={capitalizeFirst(recordKindLabels[kind].many)}>
            <thead>
              <tr>
                {columns.map((c) => {
                  const direction = sort?.key === c.key ? sort.direction : null;
                  return (
                    <th key={c.key} scope="col" aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}>
                      <button type="button" className="sort-button" onClick={() => toggleSort(c.key)}>
                        {c.label}
                        <span aria-hidden="true" className="sort-mark">
                          {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <RowAndRetract key={r.id} caseId={caseId} record={r} columns={columns} labels={labels} retracting={retracting === r.id} onRetract={setRetracting} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function RowAndRetract({
  caseId,
  record,
  columns,
  labels,
  retracting,
  onRetract,
}: {
  caseId: string;
  record: RecordState;
  columns: (typeof gridColumns)[RecordKind];
  labels: LinkLabels;
  retracting: boolean;
  onRetract: (id: string | null) => void;
}) {
  return (
    <>
      <tr className={record.retracted ? 'retracted' : undefined} title={record.retracted ? `Retracted by ${record.retracted.by}: ${record.retracted.reason}` : `Added by ${record.addedBy}`}>
        {columns.map((c) => (
          <td key={c.key} data-col={c.key} className={c.key === 'value' || c.key === 'hash' || c.key === 'original' ? 'mono' : c.kind === 'enum' || c.kind === 'date' ? 'nowrap' : undefined}>
            {cellText(record, c, labels)}
          </td>
        ))}
        <td className="row-actions">
          {!record.retracted && (
            <button type="button" className="quiet small" onClick={() => onRetract(retracting ? null : record.id)} aria-label={`Retract ${cellText(record, columns.find((c) => c.required) ?? columns[0]!, labels)}`}>
              Retract…
            </button>
          )}
        </td>
      </tr>
      {retracting && <RetractRow caseId={caseId} record={record} span={columns.length + 1} onDone={() => onRetract(null)} />}
    </>
  );
}

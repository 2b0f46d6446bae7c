import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { evidenceTypeLabels, evidenceTypes, type EvidenceItemFields } from '../../../../shared/evidence/evidence-payloads';
import { api, errorMessage } from '../../api/client';
import { toLocalInputValue } from '../../lib/local-date-time';
import { useEvidenceStore } from '../../stores/evidence-store';
import { parseWhen, WhenInput } from '../workspace/when-input';
import { formatAt } from './evidence-format';

type Editable = Omit<EvidenceItemFields, 'collectedAt'> & { when: string };

/** The item's fields, read-only until "Edit"; a save sends only what changed, superseding what was shown. */
export function ItemFields({ caseId, item }: { caseId: string; item: EvidenceItemState }) {
  const [editing, setEditing] = useState(false);
  if (editing) return <ItemFieldsForm caseId={caseId} item={item} onDone={() => setEditing(false)} />;
  const rows: [string, string][] = [
    ['Type', evidenceTypeLabels[item.type]],
    ['Source', item.source],
    ['Location', item.location],
    ['Collected by', item.collectedBy],
    ['Collected at', formatAt(item.collectedAt)],
    ['Method or tool', item.method],
    ['Current holder', item.holder],
  ];
  return (
    <div className="item-fields">
      <dl className="facts item-facts">
        {rows.map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value || <span className="hint">—</span>}</dd>
          </div>
        ))}
      </dl>
      {item.conflicts.length > 0 && <p className="tag warn">Edited on two devices at once: {item.conflicts.flatMap((c) => c.fields).join(', ')}</p>}
      <button type="button" className="quiet" onClick={() => setEditing(true)} disabled={item.retracted !== undefined}>
        Edit details…
      </button>
    </div>
  );
}

function ItemFieldsForm({ caseId, item, onDone }: { caseId: string; item: EvidenceItemState; onDone: () => void }) {
  const runCommand = useEvidenceStore((s) => s.run);
  const [values, setValues] = useState<Editable>({
    description: item.description,
    type: item.type,
    source: item.source,
    location: item.location,
    collectedBy: item.collectedBy,
    method: item.method,
    when: toLocalInputValue(item.collectedAt),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Editable) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changes: Partial<EvidenceItemFields> = {};
    for (const key of ['description', 'type', 'source', 'location', 'collectedBy', 'method'] as const) {
      const value = values[key].trim();
      if (value !== item[key]) (changes as Record<string, string>)[key] = value;
    }
    // The time as entered stays unless the picker was changed.
    if (values.when !== toLocalInputValue(item.collectedAt)) {
      const parsed = parseWhen(values.when);
      if ('error' in parsed) return setError(parsed.error);
      changes.collectedAt = parsed.at;
    }
    if (Object.keys(changes).length === 0) return onDone();
    setBusy(true);
    setError(null);
    try {
      await runCommand(caseId, () => api.send('evidence.update', { caseId, itemId: item.id, changes, supersedes: item.heads }));
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDone();
    }
  }

  return (
    <form className="add-form evidence-form" aria-label="Edit the item's details" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <label className="compact">
        Description
        <input autoFocus value={values.description} onChange={(e) => set('description')(e.target.value)} maxLength={4000} />
      </label>
      <div className="form-grid">
        <label className="compact">
          Type
          <select value={values.type} onChange={(e) => set('type')(e.target.value)}>
            {evidenceTypes.map((t) => (
              <option key={t} value={t}>
                {evidenceTypeLabels[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="compact">
          Source host or device
          <input value={values.source} onChange={(e) => set('source')(e.target.value)} maxLength={500} />
        </label>
        <label className="compact">
          Location
          <input value={values.location} onChange={(e) => set('location')(e.target.value)} maxLength={500} />
        </label>
        <label className="compact">
          Collected by
          <input value={values.collectedBy} onChange={(e) => set('collectedBy')(e.target.value)} maxLength={200} />
        </label>
        <WhenInput value={values.when} onChange={set('when')} />
        <label className="compact">
          Method or tool
          <input value={values.method} onChange={(e) => set('method')(e.target.value)} maxLength={2000} />
        </label>
      </div>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="hint">A correction is recorded; the earlier values stay in the history.</span>
        )}
        <span className="button-row">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </span>
      </div>
    </form>
  );
}

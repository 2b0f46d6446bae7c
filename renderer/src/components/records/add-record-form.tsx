import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { gridColumns } from '../../../../shared/evidence/grid';
import { recordKindLabels, type RecordKind } from '../../../../shared/evidence/record-payloads';
import { api, ApiCallError, errorMessage } from '../../api/client';
import { useRecordsStore } from '../../stores/records-store';
import { capitalize } from '../../format';
import { enumOptions, optionLabel } from './record-fields';

const placeholders: Record<string, string> = {
  value: 'e.g. 203.0.113[.]7 or hxxp://evil.example/x — defanged is fine',
  firstSeen: '2026-11-23 14:05 +01:00',
  lastSeen: '2026-11-23 14:05 +01:00',
  at: '2026-11-23 14:05 +01:00',
  addresses: '10.0.0.5, 2001:db8::7',
  hash: 'MD5, SHA-1, SHA-256 or SHA-512',
};

/** One record typed in; the core normalizes it (refangs indicators, reads dates leniently) or says what is wrong. */
export function AddRecordForm({ caseId, kind, onDone }: { caseId: string; kind: RecordKind; onDone: () => void }) {
  const runCommand = useRecordsStore((s) => s.run);
  const columns = gridColumns[kind].filter((c) => c.kind !== 'link' && c.key !== 'original');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(columns.map((c) => [c.key, c.kind === 'enum' ? (enumOptions(kind, c.key)[0] ?? '') : ''])),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, unknown> = {};
    for (const c of columns) {
      const value = (values[c.key] ?? '').trim();
      if (value === '') continue;
      fields[c.key] = c.kind === 'list' ? value.split(/[\s,;]+/).filter(Boolean) : value;
    }
    setBusy(true);
    setError(null);
    try {
      await runCommand(caseId, kind, () => api.send('record.add', { caseId, kind, fields }));
      onDone();
    } catch (caught) {
      const issues = caught instanceof ApiCallError ? caught.issues : undefined;
      setError(issues && issues.length > 0 ? issues.map((i) => i.message).join('; ') : errorMessage(caught));
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
    <form className="add-form records-form" aria-label={`Add ${recordKindLabels[kind].one}`} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <h3>Add {recordKindLabels[kind].one}</h3>
      <div className="form-grid">
        {columns.map((c, index) => (
          <label key={c.key} className="compact">
            <span>
              {c.label}
              {c.required && <span className="hint"> (required)</span>}
            </span>
            {c.kind === 'enum' ? (
              <select value={values[c.key]} onChange={(e) => setValues((v) => ({ ...v, [c.key]: e.target.value }))}>
                {enumOptions(kind, c.key).map((o) => (
                  <option key={o} value={o}>
                    {capitalize(optionLabel(c.key, o))}
                  </option>
                ))}
              </select>
            ) : (
              <input
                autoFocus={index === 0}
                value={values[c.key]}
                onChange={(e) => setValues((v) => ({ ...v, [c.key]: e.target.value }))}
                placeholder={placeholders[c.key]}
                className={c.key === 'value' || c.key === 'hash' ? 'mono' : undefined}
                maxLength={10_000}
              />
            )}
          </label>
        ))}
      </div>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="hint">Dates need a time zone; links to systems and items can be added by pasting rows.</span>
        )}
        <span className="button-row">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </span>
      </div>
    </form>
  );
}

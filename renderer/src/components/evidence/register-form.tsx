import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { EvidenceRegister } from '../../../../shared/api/evidence-schemas';
import { evidenceTypeLabels, evidenceTypes, type EvidenceType } from '../../../../shared/evidence/evidence-payloads';
import { api, errorMessage } from '../../api/client';
import { nowLocalInputValue } from '../../lib/local-date-time';
import { useEvidenceStore } from '../../stores/evidence-store';
import { parseWhen, WhenInput } from '../workspace/when-input';

/** Registers an evidence item: what it is, where it came from, who collected it, when and how. Files come after. */
export function RegisterForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const runCommand = useEvidenceStore((s) => s.run);
  const select = useEvidenceStore((s) => s.select);
  const [description, setDescription] = useState('');
  const [type, setType] = useState<EvidenceType>('disk-image');
  const [source, setSource] = useState('');
  const [location, setLocation] = useState('');
  const [collectedBy, setCollectedBy] = useState('');
  const [when, setWhen] = useState(nowLocalInputValue);
  const [method, setMethod] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseWhen(when);
    if ('error' in parsed) return setError(parsed.error);
    const input = {
      caseId,
      description: description.trim(),
      type,
      source: source.trim(),
      location: location.trim(),
      ...(collectedBy.trim() ? { collectedBy: collectedBy.trim() } : {}),
      collectedAt: parsed.at,
      method: method.trim(),
    };
    const checked = EvidenceRegister.safeParse(input);
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'This item cannot be registered');
    setBusy(true);
    setError(null);
    try {
      const item = await runCommand(caseId, () => api.send('evidence.register', checked.data));
      select(item.id);
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  }

  return (
    <form className="add-form evidence-form" aria-label="Register an evidence item" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <h3>Register an evidence item</h3>
      <label className="compact">
        Description
        <input autoFocus value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} placeholder="e.g. Disk image of FIN-FS01" aria-invalid={error && !description.trim() ? true : undefined} />
      </label>
      <div className="form-grid">
        <label className="compact">
          Type
          <select value={type} onChange={(e) => setType(e.target.value as EvidenceType)}>
            {evidenceTypes.map((t) => (
              <option key={t} value={t}>
                {evidenceTypeLabels[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="compact">
          Source host or device
          <input value={source} onChange={(e) => setSource(e.target.value)} maxLength={500} placeholder="e.g. FIN-FS01 (s/n 7XK2Q)" />
        </label>
        <label className="compact">
          Location
          <input value={location} onChange={(e) => setLocation(e.target.value)} maxLength={500} placeholder="Where it was collected or is kept" />
        </label>
        <label className="compact">
          Collected by
          <input value={collectedBy} onChange={(e) => setCollectedBy(e.target.value)} maxLength={200} placeholder="You, if left empty" />
        </label>
        <WhenInput value={when} onChange={setWhen} />
        <label className="compact">
          Method or tool
          <input value={method} onChange={(e) => setMethod(e.target.value)} maxLength={2000} placeholder="e.g. FTK Imager 4.7, write blocker" />
        </label>
      </div>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="hint">An item may have no file (a seized laptop); attach files after registering it.</span>
        )}
        <span className="button-row">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Registering…' : 'Register item'}
          </button>
        </span>
      </div>
    </form>
  );
}

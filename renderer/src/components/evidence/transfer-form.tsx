import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { CustodyTransfer } from '../../../../shared/api/evidence-schemas';
import type { EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { api, errorMessage } from '../../api/client';
import { nowLocalInputValue } from '../../lib/local-date-time';
import { useEvidenceStore } from '../../stores/evidence-store';
import { parseWhen, WhenInput } from '../workspace/when-input';

/** Records a hand-over: from (the current holder by default) to whom, when, where, why, in what condition. */
export function TransferForm({ caseId, item, onDone }: { caseId: string; item: EvidenceItemState; onDone: () => void }) {
  const runCommand = useEvidenceStore((s) => s.run);
  const [from, setFrom] = useState(item.holder);
  const [to, setTo] = useState('');
  const [when, setWhen] = useState(nowLocalInputValue);
  const [place, setPlace] = useState('');
  const [purpose, setPurpose] = useState('');
  const [condition, setCondition] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseWhen(when);
    if ('error' in parsed) return setError(parsed.error);
    const checked = CustodyTransfer.safeParse({ caseId, itemId: item.id, from: from.trim(), to: to.trim(), at: parsed.at, place: place.trim(), purpose: purpose.trim(), condition: condition.trim() });
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'This transfer cannot be recorded');
    setBusy(true);
    setError(null);
    try {
      await runCommand(caseId, () => api.send('custody.transfer', checked.data));
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
    <form className="add-form evidence-form" aria-label="Transfer custody" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <h3>Transfer custody</h3>
      <div className="form-grid">
        <label className="compact">
          From
          <input value={from} onChange={(e) => setFrom(e.target.value)} maxLength={200} />
        </label>
        <label className="compact">
          To
          <input autoFocus value={to} onChange={(e) => setTo(e.target.value)} maxLength={200} placeholder="Person, or a locker or safe" />
        </label>
        <WhenInput value={when} onChange={setWhen} />
        <label className="compact">
          Place
          <input value={place} onChange={(e) => setPlace(e.target.value)} maxLength={500} />
        </label>
        <label className="compact">
          Purpose
          <input value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={2000} placeholder="e.g. Transport to the lab" />
        </label>
        <label className="compact">
          Condition
          <input value={condition} onChange={(e) => setCondition(e.target.value)} maxLength={2000} placeholder="e.g. Sealed in bag 0042, seal intact" />
        </label>
      </div>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="hint">By the record, {item.holder} holds the item now.</span>
        )}
        <span className="button-row">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Recording…' : 'Record transfer'}
          </button>
        </span>
      </div>
    </form>
  );
}

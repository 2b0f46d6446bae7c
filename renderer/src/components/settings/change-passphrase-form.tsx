import { useState, type FormEvent } from 'react';
import { ChangePassphrase } from '../../../../shared/api/schemas';
import { PASSPHRASE_CHANGE_NOTICE } from '../../../../shared/vault/passphrase-notice';
import { ApiCallError, errorMessage } from '../../api/client';
import { useVaultStore } from '../../stores/vault-store';
import { Field } from '../field';

type Errors = Partial<Record<'current' | 'next' | 'repeat' | 'form', string>>;

/** Re-wraps the vault key under a new passphrase; the data itself is not re-encrypted, so it is quick. */
export function ChangePassphraseForm() {
  const changePassphrase = useVaultStore((s) => s.changePassphrase);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const checked = ChangePassphrase.safeParse({ current, next });
    const found: Errors = {};
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const key = issue.path[0];
        if ((key === 'current' || key === 'next') && !found[key]) found[key] = issue.message;
      }
    }
    if (!found.next && next !== repeat) found.repeat = 'The two new passphrases differ';
    if (Object.keys(found).length > 0 || !checked.success) return setErrors(found);
    setErrors({});
    setBusy(true);
    try {
      await changePassphrase(checked.data.current, checked.data.next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (caught) {
      if (caught instanceof ApiCallError && caught.code === 'wrong_passphrase') setErrors({ current: 'That is not the current passphrase' });
      else setErrors({ form: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="settings-section" aria-labelledby="passphrase-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="passphrase-title">Change passphrase</h3>
      <Field label="Current passphrase" error={errors.current}>
        {(control) => <input {...control} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <div className="row">
        <Field label="New passphrase" error={errors.next}>
          {(control) => <input {...control} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
        </Field>
        <Field label="Repeat new passphrase" error={errors.repeat}>
          {(control) => <input {...control} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
      </div>
      <p className="hint">At least 10 characters. A forgotten passphrase cannot be recovered, and neither can the data.</p>
      <p className="hint" data-testid="passphrase-notice">
        {PASSPHRASE_CHANGE_NOTICE}
      </p>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="actions">
        {done && (
          <span className="success" role="status">
            Passphrase changed. Use the new one the next time you unlock.
          </span>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change passphrase'}
        </button>
      </div>
    </form>
  );
}

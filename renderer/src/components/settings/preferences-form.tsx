import { useState, type FormEvent } from 'react';
import type { Output } from '../../../../shared/api/contract';
import { Settings } from '../../../../shared/api/schemas';
import { errorMessage } from '../../api/client';
import { useSettingsStore } from '../../stores/settings-store';
import { Field } from '../field';

type Errors = Partial<Record<'actorName' | 'idleLockMinutes' | 'form', string>>;

function minutesMessage(code: string, message: string): string {
  // zod's own words for "not an integer" are not for people; the range messages are.
  return code === 'too_small' || code === 'too_big' ? message : 'Enter a whole number of minutes, from 1 to 1440';
}

export function PreferencesForm({ settings }: { settings: Output<'settings.get'> }) {
  const update = useSettingsStore((s) => s.update);
  const [actorName, setActorName] = useState(settings.actorName);
  const [minutes, setMinutes] = useState(String(settings.idleLockMinutes));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = Settings.safeParse({ actorName, idleLockMinutes: minutes.trim() === '' ? Number.NaN : Number(minutes) });
    if (!checked.success) {
      const next: Errors = {};
      for (const issue of checked.error.issues) {
        const key = issue.path[0];
        if (key === 'actorName' && !next.actorName) next.actorName = issue.message;
        if (key === 'idleLockMinutes' && !next.idleLockMinutes) next.idleLockMinutes = minutesMessage(issue.code, issue.message);
      }
      return setErrors(next);
    }
    setErrors({});
    setBusy(true);
    try {
      await update(checked.data);
      setSaved(true);
    } catch (caught) {
      setErrors({ form: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="settings-section" aria-labelledby="prefs-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="prefs-title">You and this vault</h3>
      <div className="row">
        <Field label="Your name" hint="Recorded with every change you make, in the case history." error={errors.actorName}>
          {(control) => <input {...control} value={actorName} onChange={(e) => setActorName(e.target.value)} maxLength={200} />}
        </Field>
        <Field label="Idle lock (minutes)" hint="Locks after this long without use; 1 to 1440." error={errors.idleLockMinutes} className="narrow">
          {(control) => (
            <input {...control} type="number" inputMode="numeric" min={1} max={1440} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          )}
        </Field>
      </div>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="actions">
        {saved && (
          <span className="success" role="status">
            Saved.
          </span>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import type { Output } from '../../../../shared/api/contract';
import { Settings } from '../../../../shared/api/schemas';
import { errorMessage } from '../../api/client';
import { useSettingsStore } from '../../stores/settings-store';
import { Field } from '../field';

type Errors = Partial<Record<'actorName' | 'actorRole' | 'idleLockMinutes' | 'maxClockAheadHours' | 'form', string>>;

/** zod's own words for "not an integer" are not for people; the range messages are. */
function wholeNumberMessage(code: string, message: string, instead: string): string {
  return code === 'too_small' || code === 'too_big' ? message : instead;
}

const asNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

export function PreferencesForm({ settings }: { settings: Output<'settings.get'> }) {
  const update = useSettingsStore((s) => s.update);
  const [actorName, setActorName] = useState(settings.actorName);
  const [actorRole, setActorRole] = useState(settings.actorRole);
  const [minutes, setMinutes] = useState(String(settings.idleLockMinutes));
  const [aheadHours, setAheadHours] = useState(String(settings.maxClockAheadHours));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = Settings.omit({ syncEveryMinutes: true }).safeParse({ actorName, actorRole, idleLockMinutes: asNumber(minutes), maxClockAheadHours: asNumber(aheadHours) });
    if (!checked.success) {
      const next: Errors = {};
      for (const issue of checked.error.issues) {
        const key = issue.path[0];
        if (key === 'actorName' && !next.actorName) next.actorName = issue.message;
        if (key === 'actorRole' && !next.actorRole) next.actorRole = issue.message;
        if (key === 'idleLockMinutes' && !next.idleLockMinutes) next.idleLockMinutes = wholeNumberMessage(issue.code, issue.message, 'Enter a whole number of minutes, from 1 to 1440');
        if (key === 'maxClockAheadHours' && !next.maxClockAheadHours) next.maxClockAheadHours = wholeNumberMessage(issue.code, issue.message, 'Enter a whole number of hours, from 1 to 8760');
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
        <Field
          label="Your name"
          hint={
            settings.enrolledAs
              ? `Your team's roster enrols this device as ${settings.enrolledAs.name}: changes are signed with that name. This one is used if the device leaves the team.`
              : 'Recorded with every change you make, in the case history.'
          }
          error={errors.actorName}
        >
          {(control) => <input {...control} value={actorName} onChange={(e) => setActorName(e.target.value)} maxLength={200} />}
        </Field>
        <Field label="Your role (optional)" hint="e.g. Incident handler, IT manager." error={errors.actorRole}>
          {(control) => <input {...control} value={actorRole} onChange={(e) => setActorRole(e.target.value)} maxLength={100} />}
        </Field>
        <Field label="Idle lock (minutes)" hint="Locks after this long without use; 1 to 1440." error={errors.idleLockMinutes} className="narrow">
          {(control) => (
            <input {...control} type="number" inputMode="numeric" min={1} max={1440} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          )}
        </Field>
      </div>
      <Field
        label="Refuse imported changes dated more than (hours) ahead"
        hint="A bundle with a change dated further ahead of this computer's clock is refused whole: a clock that far off would carry every later change with it. 1 to 8760."
        error={errors.maxClockAheadHours}
        className="narrow"
      >
        {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={8760} step={1} value={aheadHours} onChange={(e) => setAheadHours(e.target.value)} />}
      </Field>
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

import { useState, type FormEvent } from 'react';
import { Settings } from '../../../../shared/api/schemas';
import { useAction } from '../../hooks/use-action';
import { useSettingsStore } from '../../stores/settings-store';
import { useSyncStore } from '../../stores/sync-store';
import { Field } from '../field';

/** How often sync runs by itself (it also runs when a target answers again, and a moment after a change). */
export function ScheduleForm({ everyMinutes }: { everyMinutes: number }) {
  const update = useSettingsStore((s) => s.update);
  const load = useSyncStore((s) => s.load);
  const [text, setText] = useState(String(everyMinutes));
  const [saved, setSaved] = useState(false);
  const action = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = Settings.shape.syncEveryMinutes.safeParse(text.trim() === '' ? Number.NaN : Number(text));
    if (!checked.success) return action.setError('Enter a whole number of minutes, from 0 (only when asked) to 1440');
    await action.run(async () => {
      await update({ syncEveryMinutes: checked.data });
      await load();
      setSaved(true);
    });
  }

  return (
    <form className="sync-schedule" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Sync every (minutes)" hint="Changes made here also go out a few seconds after they are made. 0: only when asked. Either way a target that was offline is tried again, and synced, as soon as it answers." error={action.error ?? undefined} className="narrow">
        {(control) => <input {...control} type="number" inputMode="numeric" min={0} max={1440} step={1} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" disabled={action.busy}>
        Save
      </button>
      {saved && (
        <span className="success" role="status">
          Saved.
        </span>
      )}
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { Field } from '../field';

/**
 * Writes the coordinator key to a file (an age identity, as the CLI's
 * `keys export-identity`): without a copy, a lost laptop means no bundle sent
 * to this team can be opened again.
 */
export function CoordinatorBackup() {
  const { busy, error, run } = useAction();
  const [path, setPath] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    void run(async () => setSaved((await api.send('keys.exportIdentity', { path: path.trim() })).path));
  }

  return (
    <form onSubmit={onSubmit} aria-label="Back up the coordinator key" className="coordinator-backup">
      <h4>Back up the coordinator key</h4>
      <Field label="Save the key to" hint="The file holds the secret key that opens every bundle sent to the team. Keep it offline, e.g. on an encrypted stick in a safe.">
        {(p) => <input {...p} className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/media/usb/coordinator-key.txt" required />}
      </Field>
      <div className="actions">
        {saved && (
          <span className="success grow" role="status">
            Saved to {saved}. With it, age -d -i opens the team's bundles too.
          </span>
        )}
        <button type="submit" disabled={busy}>
          Back up key
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

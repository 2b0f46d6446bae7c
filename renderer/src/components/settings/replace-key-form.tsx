import { useState, type FormEvent } from 'react';
import type { ReplaceDataKeyJobView } from '../../../../shared/api/vault-key-schemas';
import { ReplaceDataKey } from '../../../../shared/api/vault-key-schemas';
import { api, ApiCallError } from '../../api/client';
import { useJob } from '../../hooks/use-job';
import { useVaultStore } from '../../stores/vault-store';
import { Field } from '../field';
import { JobBar } from '../job-bar';

/**
 * Re-encrypts the whole vault under a new data key (the passphrase stays),
 * so an old copy of vault.json with an old passphrase opens nothing. Asks
 * for the passphrase and a confirmation, then shows the job's progress with
 * Cancel; a cancelled or interrupted replacement is finished by running it again.
 */
export function ReplaceKeyForm() {
  const unfinished = useVaultStore((s) => s.status?.replacingKey === true);
  const refresh = useVaultStore((s) => s.refresh);
  const job = useJob<ReplaceDataKeyJobView>();
  const [passphrase, setPassphrase] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | undefined>();

  function ask(event: FormEvent) {
    event.preventDefault();
    const checked = ReplaceDataKey.safeParse({ passphrase });
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'Enter the passphrase');
    setError(undefined);
    job.clear();
    setConfirming(true);
  }

  async function start() {
    setConfirming(false);
    let wrong = false;
    const view = await job.run(async () => {
      try {
        return await api.send('vault.replaceDataKey', { passphrase });
      } catch (caught) {
        wrong = caught instanceof ApiCallError && caught.code === 'wrong_passphrase';
        throw caught;
      }
    });
    if (wrong) setError('That is not the passphrase of this vault');
    if (view?.state === 'done') setPassphrase('');
    // The status says whether a replacement is unfinished (writes refused meanwhile).
    await refresh();
  }

  const view = job.job;
  const running = view?.state === 'running';
  const result = view?.state === 'done' ? view.result : undefined;
  return (
    <form className="settings-section" aria-labelledby="replace-key-title" onSubmit={ask} noValidate>
      <h3 id="replace-key-title">Replace the data key</h3>
      <p className="hint">
        Re-encrypts every file of the vault under a new data key; the passphrase stays the same. Afterwards an old copy of vault.json with an old passphrase no longer opens anything. Nothing can be changed in the vault while it runs; it can be cancelled and
        finished later.
      </p>
      {unfinished && !running && (
        <p className="warning" role="status" data-testid="replace-key-unfinished">
          A replacement of the data key is unfinished: everything can be read, but nothing can be changed until it has finished. Enter the passphrase to finish it.
        </p>
      )}
      <Field label="Passphrase" error={error}>
        {(control) => <input {...control} type="password" autoComplete="current-password" value={passphrase} disabled={running} onChange={(e) => setPassphrase(e.target.value)} />}
      </Field>
      {confirming && (
        <div className="warning" role="alertdialog" aria-labelledby="replace-key-confirm">
          <p id="replace-key-confirm">Re-encrypt the whole vault now? This can take a while for a large vault; until it has finished, nothing can be changed in it.</p>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Not now
            </button>
            <button type="button" className="primary" onClick={() => void start()}>
              Yes, replace the data key
            </button>
          </div>
        </div>
      )}
      {view && (
        <JobBar
          job={view}
          phaseLabel={view.filesTotal ? `${view.filesDone ?? 0} of ${view.filesTotal} files` : 'Starting'}
          ended={{ cancelled: 'Cancelled: run it again to finish', failed: 'Stopped' }}
          bytesAfterEnd={false}
          onCancel={() => void job.cancel()}
        >
          {view.state === 'failed' && view.error && (
            <p className="error" role="alert">
              {view.error.message}
            </p>
          )}
        </JobBar>
      )}
      {job.error && !error && (
        <p className="error" role="alert">
          {job.error}
        </p>
      )}
      <div className="actions">
        {result && (
          <span className="success" role="status">
            Data key replaced: {result.files} files re-encrypted under the new key{result.resumed ? ' (finishing an earlier run)' : ''}.
          </span>
        )}
        {!confirming && (
          <button type="submit" disabled={running}>
            {running ? 'Replacing…' : unfinished ? 'Finish replacing the data key' : 'Replace the data key'}
          </button>
        )}
      </div>
    </form>
  );
}

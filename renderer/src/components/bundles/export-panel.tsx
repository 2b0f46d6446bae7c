import { useEffect, useState, type FormEvent } from 'react';
import type { KeysView } from '../../../../shared/api/bundle-schemas';
import { api } from '../../api/client';
import { formatDateTime, plural } from '../../format';
import { useCaseStore } from '../../stores/case-store';
import { formatBytes } from '../evidence/evidence-format';
import { Field } from '../field';
import { BundleProgress } from './bundle-progress';
import type { BundleJobView } from '../../../../shared/api/bundle-schemas';
import { useBundleChanges } from '../../hooks/use-bundle-changes';
import { useJob } from '../../hooks/use-job';
import { ChangedCases, ExportScope, type Scope } from './export-scope';
import { ExportCasePicker } from './export-case-picker';

/** Writes chosen cases, or everything not yet sent to the coordinator, to an encrypted bundle file, for recipients or a passphrase. */
export function ExportPanel({ keys }: { keys: KeysView }) {
  const cases = useCaseStore((s) => s.cases);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<'recipients' | 'passphrase'>('recipients');
  const [recipients, setRecipients] = useState(keys.defaultRecipients.join('\n'));
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [scope, setScope] = useState<Scope>('selected');
  const job = useJob<BundleJobView>();
  const list = recipients.split(/[\s,]+/).filter(Boolean);
  // After each export the record of what went out changed: ask again.
  const [exports, setExports] = useState(0);
  const finished = job.job?.state === 'done' ? job.job.jobId : null;
  useEffect(() => {
    if (finished) setExports((n) => n + 1);
  }, [finished]);
  const changes = useBundleChanges(mode === 'recipients' ? list : null, exports);

  function chooseScope(next: Scope) {
    setScope(next);
    // Passphrase exports are not tracked, so changes go to recipients.
    if (next === 'changed') setMode('recipients');
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    // A mistyped bundle passphrase locks the receiver out of the case: typed twice, as for the vault.
    if (mode === 'passphrase' && passphrase !== repeat) return setFormError('The two passphrases differ');
    void job.run(() =>
      api.send('bundle.export', {
        ...(scope === 'changed' ? { changedSince: true as const } : { caseIds: [...chosen] }),
        path: path.trim(),
        ...(mode === 'passphrase' ? { passphrase } : list.length ? { recipients: list } : {}),
      }),
    );
  }

  const result = job.job?.kind === 'bundle.export' && job.job.state === 'done' ? job.job.result : undefined;
  return (
    <form className="bundle-panel" onSubmit={onSubmit} aria-label="Export a bundle">
      <ExportScope scope={scope} onScope={chooseScope} state={changes} passphrase={mode === 'passphrase'} />
      {scope === 'changed' ? (
        <ChangedCases changes={changes.changes} />
      ) : (
        <ExportCasePicker cases={cases} chosen={chosen} onChange={setChosen} />
      )}
      <Field label="Save the bundle to">
        {(p) => <input {...p} className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/media/usb/case.outpost" required />}
      </Field>
      <div className="bundle-mode" role="radiogroup" aria-label="Encrypt for">
        <label className="check">
          <input type="radio" name="bundle-mode" checked={mode === 'recipients'} onChange={() => setMode('recipients')} /> Recipients (age keys)
        </label>
        <label className="check">
          <input type="radio" name="bundle-mode" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} disabled={scope === 'changed'} /> A passphrase
          {scope === 'changed' && <span className="hint">(only for selected cases)</span>}
        </label>
      </div>
      {mode === 'recipients' ? (
        <Field label="Recipients" hint={keys.team ? `Default: the coordinator of ${keys.team.team.name}. One age1… key per line.` : 'One age1… key per line.'}>
          {(p) => <textarea {...p} className="mono small" rows={2} value={recipients} onChange={(e) => setRecipients(e.target.value)} />}
        </Field>
      ) : (
        <div className="row">
          <Field label="Bundle passphrase" hint="At least 10 characters. Tell it to the receiver by another channel.">
            {(p) => <input {...p} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />}
          </Field>
          <Field label="Repeat the bundle passphrase">
            {(p) => <input {...p} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />}
          </Field>
        </div>
      )}
      <div className="actions">
        {scope === 'changed' ? (
          <button type="submit" className="primary" disabled={job.running || !changes.changes || changes.changes.events === 0}>
            Export the changes
          </button>
        ) : (
          <button type="submit" className="primary" disabled={job.running || chosen.size === 0}>
            Export {plural(chosen.size, 'case')}
          </button>
        )}
      </div>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      {job.error && (
        <p className="error" role="alert">
          {job.error}
        </p>
      )}
      {job.job && <BundleProgress job={job.job} onCancel={() => void job.cancel()} />}
      {job.job?.state === 'failed' && (
        <p className="error" role="alert">
          {job.job.error?.message ?? 'The export failed.'}
        </p>
      )}
      {result && (
        <p className="success" role="status" data-testid="export-result">
          Wrote {result.path} ({formatBytes(result.bytes)}): {plural(result.cases, 'case')}, {plural(result.events, 'event')}, {plural(result.blobs, 'evidence file')} ({formatBytes(result.blobBytes)}),
          encrypted {result.passphrase ? 'with a passphrase' : `to ${plural(result.recipients.length, 'recipient')}`}
          {result.since !== null && <>; the changes since the export of {formatDateTime(result.since)} (import that one first)</>}.
        </p>
      )}
    </form>
  );
}

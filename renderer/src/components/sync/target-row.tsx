import { useState } from 'react';
import type { SyncTargetStatus, SyncTestResult } from '../../../../shared/api/sync-schemas';
import { api } from '../../api/client';
import { formatAgo, formatDateTime } from '../../format';
import { useAction } from '../../hooks/use-action';
import { useSyncStore } from '../../stores/sync-store';
import { kindWords, stateWords } from './sync-words';

/** One target: where it is, how it stands, and Sync, Test, Pause or Resume, Remove. */
export function TargetRow({ target, syncing, inTeam }: { target: SyncTargetStatus; syncing: boolean; inTeam: boolean }) {
  const load = useSyncStore((s) => s.load);
  const action = useAction();
  const [tested, setTested] = useState<SyncTestResult | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [testing, setTesting] = useState(false);
  const done = () => load();

  return (
    <li className={`sync-target state-${target.state}`} aria-label={`Target ${target.name}`}>
      <div className="sync-target-head">
        <strong>{target.name}</strong>
        <span className="chip">{kindWords[target.kind]}</span>
        <span className={`sync-state state-${target.state}`}>{stateWords[target.state]}</span>
        <span className="where" title={target.where}>
          {target.where}
        </span>
      </div>
      <p className="hint">
        {target.lastSuccess ? (
          <span title={formatDateTime(target.lastSuccess.at)}>
            Last synced {formatAgo(target.lastSuccess.at)}
            {target.lastSuccess.eventsIn > 0 ? `: ${target.lastSuccess.eventsIn} new event(s) in ${target.lastSuccess.segmentsIn} segment(s).` : ', nothing new.'}
          </span>
        ) : (
          'Never synced.'
        )}{' '}
        {target.segmentsSent} segment(s) of this device there.
        {target.hasCredentials && ' Credentials kept sealed in the vault.'}
        {target.nextAttemptAt && target.state !== 'syncing' && <span title={formatDateTime(target.nextAttemptAt)}> Next try {formatAgo(target.nextAttemptAt)}.</span>}
      </p>
      {(target.state === 'offline' || target.state === 'failed') && target.lastError && (
        <p className="error" role="status">
          {target.state === 'offline' ? 'Could not be reached' : 'Failed'} {formatAgo(target.lastError.at)}: {target.lastError.message}
        </p>
      )}
      {tested && (
        <p className={tested.ok ? 'success' : 'error'} role="status">
          {tested.ok ? `Test passed: ${tested.message}` : `Test failed: ${tested.message}`}
        </p>
      )}
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
      {confirmRemove ? (
        <div className="actions confirm" role="group" aria-label={`Remove ${target.name}?`}>
          <span>Remove {target.name}? What it brought in stays, and nothing on the target is deleted.</span>
          <button type="button" className="danger" disabled={action.busy} onClick={() => void action.run(() => api.send('sync.remove', { name: target.name }).then(done))}>
            Remove
          </button>
          <button type="button" onClick={() => setConfirmRemove(false)} autoFocus>
            Keep
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" disabled={action.busy || syncing || !inTeam} onClick={() => void action.run(() => api.send('sync.run', { name: target.name }).then(done))}>
            Sync
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                setTested(null);
                setTesting(true);
                try {
                  setTested(await api.send('sync.test', { name: target.name }));
                } finally {
                  setTesting(false);
                }
              })
            }
          >
            {testing ? 'Testing…' : 'Test'}
          </button>
          <button type="button" disabled={action.busy} onClick={() => void action.run(() => api.send('sync.pause', { name: target.name, paused: !target.paused }).then(done))}>
            {target.paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" disabled={action.busy} onClick={() => setConfirmRemove(true)}>
            Remove…
          </button>
        </div>
      )}
    </li>
  );
}

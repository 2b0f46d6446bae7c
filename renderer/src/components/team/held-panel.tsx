import { useState } from 'react';
import type { HeldBundle } from '../../../../shared/api/roster-schemas';
import { api } from '../../api/client';
import { formatDateTime, plural } from '../../format';
import { useAction } from '../../hooks/use-action';
import { useLoaded } from '../../hooks/use-loaded';
import { useCaseStore } from '../../stores/case-store';
import { HeldSummary } from './held-summary';
import './team.css';

/** Bundles waiting because a device that wrote them is not on the roster: approve the device, or refuse the bundle. */
export function HeldPanel({ isCoordinator }: { isCoordinator: boolean }) {
  const { value: held, error: loadError, load } = useLoaded(async () => (await api.send('bundle.held', {})).held);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const loadCases = useCaseStore((s) => s.load);

  if (loadError)
    return (
      <p className="error" role="alert">
        {loadError}
      </p>
    );
  if (!held) return <p className="muted" aria-busy="true">Loading…</p>;
  const waiting = held.filter((h) => h.status === 'held');
  const settled = held.filter((h) => h.status !== 'held');

  function approve(h: HeldBundle) {
    void action.run(async () => {
      const result = await api.send('team.approve', { fingerprint: h.exporter.device });
      setDone(`Enrolled ${result.approved.name || result.approved.fingerprint}; ${plural(result.appliedBundles.length, 'held bundle')} applied.`);
      await Promise.all([load(), loadCases()]);
    });
  }

  function refuse(h: HeldBundle) {
    void action.run(async () => {
      await api.send('bundle.refuse', { digest: h.digest, reason: 'Refused in the Bundles dialog' });
      setDone('Refused: nothing from that bundle was applied, and the refusal is recorded.');
      await load();
    });
  }

  return (
    <div className="bundle-panel" data-testid="held-bundles">
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {waiting.length === 0 ? (
        <p className="muted">No bundle is waiting. A bundle carrying work of a device that is not on the team roster waits here, unapplied, until its device is enrolled or the bundle is refused.</p>
      ) : (
        waiting.map((h) => (
          <section key={h.digest} className="held-item" aria-label={`Bundle from ${h.exporter.actor || h.exporter.fingerprint}, waiting for approval`}>
            <h4>Waiting for approval</h4>
            <HeldSummary held={h} />
            {h.openedWith !== 'coordinator' && <p className="hint">It was opened with a passphrase or identity file: approving the device applies it when it is imported again.</p>}
            <div className="actions">
              <button type="button" className="danger" disabled={action.busy} onClick={() => refuse(h)}>
                Refuse bundle
              </button>
              {isCoordinator ? (
                <button type="button" className="primary" disabled={action.busy} onClick={() => approve(h)}>
                  Fingerprint checked — enrol device and apply
                </button>
              ) : (
                <span className="hint">Only the coordinator can enrol the device; it applies here once a roster listing it arrives.</span>
              )}
            </div>
          </section>
        ))
      )}
      {settled.length > 0 && (
        <>
          <h4>Settled</h4>
          <ul className="plain">
            {settled.map((h) => (
              <li key={h.digest}>
                {h.exporter.actor || h.exporter.fingerprint}: {h.status} {formatDateTime(h.statusAt)}
                {h.reason && <span className="hint"> — {h.reason}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

import { useState } from 'react';
import type { ApproveResult } from '../../../../shared/api/roster-schemas';
import { api } from '../../api/client';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/use-action';
import { useLoaded } from '../../hooks/use-loaded';
import { ApprovedNote, ApproveRequest } from './approve-request';
import { DeviceIdentityView } from './device-identity';
import { JoinRequestForm } from './join-request-form';
import { RevokeButton } from './revoke-button';
import './team.css';

/** The team roster: who may write into the team's cases. The coordinator enrols and revokes; a field device asks to join. */
export function RosterPanel({ actorName }: { actorName: string }) {
  const { value: roster, error: loadError, load } = useLoaded(() => api.send('team.roster', {}));
  const pending = useAction();
  const [approved, setApproved] = useState<ApproveResult | null>(null);

  if (loadError)
    return (
      <p className="error" role="alert">
        {loadError}
      </p>
    );
  if (!roster) return <p className="muted" aria-busy="true">Loading the roster…</p>;

  const enrolledHere = roster.devices.some((d) => d.self);
  return (
    <>
      <section className="settings-section" aria-labelledby="roster-title" data-testid="roster">
        <h3 id="roster-title">Team roster {roster.serial !== null && <span className="hint">version {roster.serial}{roster.issuedAt && `, ${formatDateTime(roster.issuedAt)}`}</span>}</h3>
        {roster.serial === null ? (
          <p className="muted">
            No roster yet. {roster.isCoordinator ? 'Enrol the first device below.' : 'It comes with the team profile, or with a bundle from the coordinator.'} Until a device is on the roster, bundles carrying its work are held here, not applied.
          </p>
        ) : (
          <table className="roster-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role, site</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Enrolled</th>
                {roster.isCoordinator && <th scope="col"><span className="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {roster.devices.map((d) => (
                <tr key={d.device}>
                  <td>
                    {d.name || <span className="muted">unnamed</span>}
                    {d.self && <span className="tag">this device</span>}
                    {roster.coordinator?.device === d.device && <span className="tag">coordinator</span>}
                  </td>
                  <td>{[d.role, d.site].filter(Boolean).join(', ')}</td>
                  <td>
                    <code className="mono fingerprint small">{d.fingerprint}</code>
                  </td>
                  <td>{formatDateTime(d.enrolledAt)}</td>
                  {roster.isCoordinator && <td>{!d.self && <RevokeButton device={d} onRevoked={load} />}</td>}
                </tr>
              ))}
              {roster.revoked.map((d) => (
                <tr key={d.device} className="revoked">
                  <td>
                    {d.name || <span className="muted">unnamed</span>} <span className="tag tag-danger">revoked</span>
                  </td>
                  <td>{d.reason}</td>
                  <td>
                    <code className="mono fingerprint small">{d.fingerprint}</code>
                  </td>
                  <td>revoked {formatDateTime(d.revokedAt)}</td>
                  {roster.isCoordinator && <td />}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {roster.isCoordinator && roster.pending.length > 0 && (
        <section className="settings-section" aria-labelledby="pending-title">
          <h3 id="pending-title">Join requests waiting</h3>
          {pending.error && (
            <p className="error" role="alert">
              {pending.error}
            </p>
          )}
          <ul className="plain pending-requests">
            {roster.pending.map((r) => (
              <li key={r.device}>
                <div>
                  <strong>{r.name || 'Unnamed'}</strong> {[r.role, r.site].filter(Boolean).join(', ')}
                  <DeviceIdentityView device={r} />
                </div>
                <button
                  type="button"
                  disabled={pending.busy}
                  onClick={() =>
                    void pending.run(async () => {
                      setApproved(await api.send('team.approve', { fingerprint: r.device }));
                      await load();
                    })
                  }
                >
                  Fingerprint matches — enrol
                </button>
              </li>
            ))}
          </ul>
          {approved && <ApprovedNote result={approved} />}
        </section>
      )}

      {roster.isCoordinator ? <ApproveRequest onChanged={load} /> : !enrolledHere && <JoinRequestForm defaultName={actorName} />}
    </>
  );
}

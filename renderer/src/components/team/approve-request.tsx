import { useState, type FormEvent } from 'react';
import type { ApproveResult, JoinRequestView } from '../../../../shared/api/roster-schemas';
import { api } from '../../api/client';
import { plural } from '../../format';
import { useAction } from '../../hooks/use-action';
import { Field } from '../field';
import { DeviceIdentityView } from './device-identity';

/** The coordinator reads a join request, compares its fingerprint with the sender out of band, then enrols the device. */
export function ApproveRequest({ onChanged }: { onChanged: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  const [path, setPath] = useState('');
  const [request, setRequest] = useState<JoinRequestView | null>(null);
  const [approved, setApproved] = useState<ApproveResult | null>(null);

  function onRead(event: FormEvent) {
    event.preventDefault();
    setApproved(null);
    void run(async () => setRequest(await api.send('team.readRequest', { path: path.trim() })));
  }

  function onApprove() {
    void run(async () => {
      setApproved(await api.send('team.approve', { path: path.trim() }));
      setRequest(null);
      setPath('');
      await onChanged();
    });
  }

  return (
    <section className="settings-section" aria-labelledby="approve-title">
      <h3 id="approve-title">Enrol a device</h3>
      <form onSubmit={onRead} aria-label="Read a join request">
        <Field label="Join request file" hint="The responder writes it from their vault (Keys & team → Ask to join the team).">
          {(p) => (
            <input
              {...p}
              className="mono"
              value={path}
              onChange={(e) => {
                setPath(e.target.value);
                setRequest(null);
              }}
              placeholder="/media/usb/join-request.json"
              required
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Read request
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {request && (
        <div className="join-check" data-testid="join-request">
          <p>
            <strong>{request.name || 'Unnamed'}</strong>
            {request.role && <> — {request.role}</>}
            {request.site && <>, {request.site}</>} asks to join. Ask them to read their fingerprint to you, and compare it with this one:
          </p>
          <DeviceIdentityView device={request} label="Fingerprint in the request" />
          <div className="actions">
            <button type="button" onClick={() => setRequest(null)} disabled={busy}>
              It does not match
            </button>
            <button type="button" className="primary" onClick={onApprove} disabled={busy}>
              It matches — enrol {request.name || 'this device'}
            </button>
          </div>
        </div>
      )}
      {approved && <ApprovedNote result={approved} />}
    </section>
  );
}

export function ApprovedNote({ result }: { result: ApproveResult }) {
  return (
    <p className="success" role="status" data-testid="approved">
      Enrolled {result.approved.name || result.approved.fingerprint} (roster version {result.serial}).
      {result.appliedBundles.length > 0 && <> {plural(result.appliedBundles.length, 'held bundle')} from this device applied.</>}
    </p>
  );
}

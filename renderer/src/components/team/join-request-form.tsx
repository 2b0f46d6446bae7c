import { useState, type FormEvent } from 'react';
import type { JoinRequestResult } from '../../../../shared/api/roster-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { Field } from '../field';
import { DeviceIdentityView } from './device-identity';

/** A field device asks to join the team: a small signed file for the coordinator, and the fingerprint to read to them. */
export function JoinRequestForm({ defaultName }: { defaultName: string }) {
  const { busy, error, run } = useAction();
  const [name, setName] = useState(defaultName);
  const [role, setRole] = useState('');
  const [site, setSite] = useState('');
  const [out, setOut] = useState('');
  const [written, setWritten] = useState<JoinRequestResult | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      setWritten(await api.send('team.joinRequest', { path: out.trim(), name: name.trim(), role: role.trim(), site: site.trim() }));
    });
  }

  return (
    <section className="settings-section" aria-labelledby="join-title">
      <h3 id="join-title">Ask to join the team</h3>
      <p className="hint">The coordinator enrols this device from a join request file. Until then, the coordinator holds the bundles you send without applying them.</p>
      <form onSubmit={onSubmit} aria-label="Write a join request">
        <div className="row">
          <Field label="Your name">{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />}</Field>
          <Field label="Role" className="narrow-wide">
            {(p) => <input {...p} value={role} onChange={(e) => setRole(e.target.value)} placeholder="responder" maxLength={200} />}
          </Field>
          <Field label="Site" className="narrow-wide">
            {(p) => <input {...p} value={site} onChange={(e) => setSite(e.target.value)} placeholder="Lyon" maxLength={200} />}
          </Field>
        </div>
        <Field label="Save the join request to">
          {(p) => <input {...p} className="mono" value={out} onChange={(e) => setOut(e.target.value)} placeholder="/media/usb/join-request.json" required />}
        </Field>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Write join request
          </button>
        </div>
      </form>
      {written && (
        <div className="join-written" role="status" data-testid="join-request-written">
          <p>
            Saved to <code className="mono">{written.path}</code>. Give the file to the coordinator, then read them this fingerprint so they can check it is yours:
          </p>
          <DeviceIdentityView device={written.request} label="This device's fingerprint" />
        </div>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { KeysView } from '../../../../shared/api/bundle-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { Field } from '../field';
import { CoordinatorBackup } from './coordinator-backup';
import { TeamProfileImport } from './team-profile-import';

/** This vault's keys: the device's fingerprint, an optional coordinator key (and its backup), the team profile in and out. */
export function KeysPanel({ keys, onKeys }: { keys: KeysView; onKeys: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  const [exportPath, setExportPath] = useState('');
  const [teamName, setTeamName] = useState('');
  const [exported, setExported] = useState<string | null>(null);

  function act(work: () => Promise<void>): Promise<void> {
    return run(async () => {
      await work();
      await onKeys();
    });
  }

  function onExport(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const out = await api.send('team.exportProfile', { path: exportPath.trim(), name: teamName.trim() });
      setExported(out.path);
    });
  }

  return (
    <div className="bundle-panel">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <dl className="facts">
        <dt>This device</dt>
        <dd>
          <code className="mono fingerprint" data-testid="bundle-device-fingerprint">
            {keys.device.fingerprint}
          </code>
        </dd>
        {/* Whose team this vault is in, said from this vault's side: it is the coordinator, or it sends to one. */}
        <dt>Team</dt>
        <dd data-testid="team-coordinator">
          {keys.team ? (
            <>
              <strong>{keys.team.team.name}</strong> — your bundles go to its coordinator, key <code className="mono fingerprint">{keys.team.coordinator.recipientFingerprint}</code>
              <br />
              <span className="hint">coordinator device {keys.team.coordinator.deviceFingerprint}</span>
            </>
          ) : keys.coordinator ? (
            <span>This vault is the team&apos;s coordinator. Export the team profile below and give it to your responders.</span>
          ) : (
            <span className="muted">No team yet: check and trust the profile your coordinator gives you (below). Until then, exports need recipients or a passphrase.</span>
          )}
        </dd>
      </dl>

      <section className="settings-section" aria-labelledby="coord-title">
        <h3 id="coord-title">Coordinator key</h3>
        {keys.coordinator ? (
          <dl className="facts">
            <dt>Recipient</dt>
            <dd className="mono small" data-testid="coordinator-recipient">
              {keys.coordinator.recipient}
            </dd>
            <dt>Fingerprint</dt>
            <dd>
              <code className="mono fingerprint">{keys.coordinator.fingerprint}</code>
            </dd>
          </dl>
        ) : (
          <div className="actions start">
            <p className="hint grow">A coordinator vault receives the team&apos;s bundles. Only one vault of a team should be it.</p>
            <button type="button" disabled={busy} onClick={() => void act(async () => void (await api.send('keys.coordinatorInit', {})))}>
              Make this vault a coordinator
            </button>
          </div>
        )}
        {keys.coordinator && (
          <form onSubmit={onExport} aria-label="Export the team profile">
            <div className="row">
              <Field label="Team name">{(p) => <input {...p} value={teamName} onChange={(e) => setTeamName(e.target.value)} required />}</Field>
              <Field label="Save the team profile to">
                {(p) => <input {...p} className="mono" value={exportPath} onChange={(e) => setExportPath(e.target.value)} placeholder="/media/usb/team.json" required />}
              </Field>
            </div>
            <div className="actions">
              {exported && (
                <span className="success grow" role="status">
                  Saved to {exported}
                </span>
              )}
              <button type="submit" disabled={busy}>
                Export team profile
              </button>
            </div>
          </form>
        )}
        {keys.coordinator && <CoordinatorBackup />}
      </section>

      {/* A coordinator vault is the team's centre; it joins no other team. */}
      {!keys.coordinator && <TeamProfileImport onTrusted={onKeys} />}
    </div>
  );
}

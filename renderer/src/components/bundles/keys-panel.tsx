import { useState, type FormEvent } from 'react';
import type { KeysView } from '../../../../shared/api/bundle-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { Field } from '../field';

/** This vault's keys: the device's fingerprint, an optional coordinator key, the team profile in and out. */
export function KeysPanel({ keys, onKeys }: { keys: KeysView; onKeys: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  const [exportPath, setExportPath] = useState('');
  const [teamName, setTeamName] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const [importPath, setImportPath] = useState('');
  const [imported, setImported] = useState<string | null>(null);

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

  function onImport(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const profile = await api.send('team.importProfile', { path: importPath.trim() });
      setImported(`Imported the profile of ${profile.team.name}. Bundles now go to its coordinator by default.`);
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
        <dt>Coordinator of</dt>
        <dd data-testid="team-coordinator">
          {keys.team ? (
            <>
              <strong>{keys.team.team.name}</strong> — key <code className="mono fingerprint">{keys.team.coordinator.recipientFingerprint}</code>
              <br />
              <span className="hint">signed by device {keys.team.coordinator.deviceFingerprint}</span>
            </>
          ) : (
            <span className="muted">No team profile imported: exports need recipients or a passphrase.</span>
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
      </section>

      <section className="settings-section" aria-labelledby="team-import-title">
        <h3 id="team-import-title">Import a team profile</h3>
        <form onSubmit={onImport} aria-label="Import a team profile">
          <Field label="Team profile file" hint="The coordinator gives you this file; compare its key fingerprint with them out of band.">
            {(p) => <input {...p} className="mono" value={importPath} onChange={(e) => setImportPath(e.target.value)} required />}
          </Field>
          <div className="actions">
            {imported && (
              <span className="success grow" role="status">
                {imported}
              </span>
            )}
            <button type="submit" disabled={busy}>
              Import profile
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}

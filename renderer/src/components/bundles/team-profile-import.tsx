import { useState, type FormEvent } from 'react';
import type { TeamProfileCheck } from '../../../../shared/api/bundle-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { Field } from '../field';
import { DeviceIdentityView } from '../team/device-identity';
import '../team/team.css';

/**
 * Importing a team profile trusts its coordinator for every bundle and
 * roster after it, so the profile is shown first — team, fingerprints, the
 * fingerprint as words — and trusted only once the person says it matches.
 */
export function TeamProfileImport({ onTrusted }: { onTrusted: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  const [path, setPath] = useState('');
  const [check, setCheck] = useState<TeamProfileCheck | null>(null);
  const [trusted, setTrusted] = useState<string | null>(null);

  function onCheck(event: FormEvent) {
    event.preventDefault();
    setTrusted(null);
    setCheck(null);
    void run(async () => setCheck(await api.send('team.checkProfile', { path: path.trim() })));
  }

  function onTrust(shown: TeamProfileCheck) {
    void run(async () => {
      const profile = await api.send('team.importProfile', { path: path.trim(), confirmFingerprint: shown.coordinator.deviceFingerprint });
      setCheck(null);
      setTrusted(`You now trust the coordinator of ${profile.team.name}. Bundles go to it by default.`);
      await onTrusted();
    });
  }

  return (
    <section className="settings-section" aria-labelledby="team-import-title">
      <h3 id="team-import-title">Join a team</h3>
      <form onSubmit={onCheck} aria-label="Check a team profile">
        <Field label="Team profile file" hint="Your coordinator gives you this file. You compare its fingerprint with them before you trust it.">
          {(p) => (
            <input
              {...p}
              className="mono"
              value={path}
              onChange={(e) => {
                setPath(e.target.value);
                setCheck(null);
              }}
              placeholder="/media/usb/team.json"
              required
            />
          )}
        </Field>
        <div className="actions">
          {trusted && (
            <span className="success grow" role="status">
              {trusted}
            </span>
          )}
          <button type="submit" disabled={busy}>
            Check profile
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {check && (
        <div className="profile-check" role="group" aria-labelledby="profile-check-title" data-testid="profile-check">
          <h4 id="profile-check-title">
            {check.alreadyTrusted ? 'A newer profile of your team' : 'Trust this coordinator?'} — {check.team.name}
          </h4>
          <p>
            Call or meet the coordinator and have them read their device fingerprint to you. Trust it only if every group matches: a profile from anyone else would let them receive your
            bundles.
          </p>
          <DeviceIdentityView device={{ device: '', fingerprint: check.coordinator.deviceFingerprint, words: check.coordinator.deviceWords }} label="Coordinator device fingerprint" />
          <dl className="facts">
            <dt>Encryption key</dt>
            <dd>
              <code className="mono fingerprint">{check.coordinator.recipientFingerprint}</code>
            </dd>
            <dt>Roster</dt>
            <dd>{check.rosterDevices === null ? 'None yet' : `${check.rosterDevices.toLocaleString()} enrolled device${check.rosterDevices === 1 ? '' : 's'}`}</dd>
          </dl>
          <div className="actions">
            <button type="button" onClick={() => setCheck(null)}>
              It does not match
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => onTrust(check)}>
              It matches: trust this coordinator
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

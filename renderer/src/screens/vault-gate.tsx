import { useState, type FormEvent } from 'react';
import type { Output } from '../../../shared/api/contract';
import { CreateVault } from '../../../shared/api/schemas';
import { ApiCallError, errorMessage } from '../api/client';
import { NoticesBanner, programName } from '../components/notices-banner';
import { useVaultStore } from '../stores/vault-store';
import { VaultFolderForm } from './vault-folder-form';

type Props = { status: Output<'vault.status'> };

/** First screen: create a vault (first run) or unlock the existing one, here or in another folder. */
export function VaultGate({ status }: Props) {
  const creating = status.state === 'absent';
  const createVault = useVaultStore((s) => s.create);
  const unlockVault = useVaultStore((s) => s.unlock);
  const lockMessage = useVaultStore((s) => s.lockMessage);
  const refresh = useVaultStore((s) => s.refresh);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Which field the error is about, so that only that one is marked.
  const [errorField, setErrorField] = useState<'name' | 'passphrase'>('passphrase');
  const [busy, setBusy] = useState(false);
  const [choosingFolder, setChoosingFolder] = useState(false);

  async function submit(event: FormEvent, readOnly = false) {
    event.preventDefault();
    setError(null);
    if (creating) {
      // The name is asked for here, not taken from the computer's login: every entry is signed with it.
      const checked = CreateVault.required({ name: true }).safeParse({ passphrase, name, role });
      if (!checked.success) {
        const issue = checked.error.issues[0];
        setErrorField(issue?.path[0] === 'name' || issue?.path[0] === 'role' ? 'name' : 'passphrase');
        return setError(issue?.message ?? 'Invalid passphrase');
      }
      setErrorField('passphrase');
      if (passphrase !== confirm) return setError('The two passphrases differ');
    } else if (!passphrase) {
      return setError('Enter the passphrase');
    }
    setBusy(true);
    try {
      await (creating ? createVault(passphrase, { name, role }) : unlockVault(passphrase, readOnly));
    } catch (caught) {
      setBusy(false);
      // Held by another program: the notice below names it (refreshed, as it may have opened the vault since this page loaded).
      if (caught instanceof ApiCallError && caught.code === 'vault_busy') return refresh();
      setError(errorMessage(caught));
    }
  }

  return (
    <main className="centered">
      <div className="card gate">
        <div className="brand">Outpost</div>
        {lockMessage && (
          <p className="lock-message" role="status">
            {lockMessage}
          </p>
        )}
        <NoticesBanner />
        <h1 id="gate-title">{creating ? 'Create your vault' : 'Unlock your vault'}</h1>
        <p className="muted">
          {creating
            ? 'Everything you record stays on this computer, encrypted, in the vault folder below.'
            : 'Enter the passphrase you chose when you created this vault.'}
        </p>
        <div className="gate-folder">
          <p className="path" title="Vault folder">
            {status.path}
          </p>
          {!choosingFolder && (
            <button type="button" className="link" onClick={() => setChoosingFolder(true)}>
              Use another folder…
            </button>
          )}
        </div>
        {choosingFolder ? (
          <VaultFolderForm currentPath={status.path} onDone={() => setChoosingFolder(false)} />
        ) : (
          <form className="gate-passphrase" onSubmit={(e) => void submit(e)} aria-labelledby="gate-title" noValidate>
            {creating && (
              <div className="gate-identity">
                <label>
                  Your name
                  <input
                    autoFocus
                    autoComplete="name"
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    maxLength={200}
                    aria-describedby="gate-name-hint"
                    aria-invalid={error && errorField === 'name' ? true : undefined}
                  />
                </label>
                <label>
                  <span>
                    Your role <span className="hint">(optional)</span>
                  </span>
                  <input autoComplete="organization-title" value={role} onChange={(e) => setRole(e.target.value)} maxLength={100} placeholder="e.g. Incident handler" />
                </label>
                <p id="gate-name-hint" className="hint small">
                  Signs every note, step and custody entry you make. Once your team enrols this computer, the name on the team roster is used.
                </p>
              </div>
            )}
            <label>
              Passphrase
              <input
                type="password"
                autoFocus={!creating}
                autoComplete={creating ? 'new-password' : 'current-password'}
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
                aria-invalid={error && errorField === 'passphrase' ? true : undefined}
              />
            </label>
            {creating && (
              <>
                <label>
                  Repeat passphrase
                  <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
                </label>
                <p className="warning">
                  There is no way to recover a forgotten passphrase. If you lose it, the data in this vault is lost too.
                  Write it down and keep it somewhere safe.
                </p>
              </>
            )}
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {status.heldBy && (
              <p className="warning" role="status">
                This vault is open in {programName[status.heldBy.program]} (process {status.heldBy.pid} on {status.heldBy.hostname}, since{' '}
                {new Date(status.heldBy.since).toLocaleString()}). Close it there to make changes here, or open it read-only.
              </p>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {busy ? (creating ? 'Creating…' : 'Unlocking…') : creating ? 'Create vault' : 'Unlock'}
            </button>
            {status.heldBy && (
              <button type="button" className="gate-secondary" disabled={busy} onClick={(e) => void submit(e, true)}>
                Open read-only
              </button>
            )}
          </form>
        )}
      </div>
    </main>
  );
}

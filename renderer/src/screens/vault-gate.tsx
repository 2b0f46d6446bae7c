import { useState, type FormEvent } from 'react';
import type { Output } from '../../../shared/api/contract';
import { CreateVault } from '../../../shared/api/schemas';
import { ApiCallError } from '../api/client';
import { useVaultStore } from '../stores/vault-store';

type Props = { status: Output<'vault.status'> };

/** First screen: create a vault (first run) or unlock the existing one. */
export function VaultGate({ status }: Props) {
  const creating = status.state === 'absent';
  const createVault = useVaultStore((s) => s.create);
  const unlockVault = useVaultStore((s) => s.unlock);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (creating) {
      const checked = CreateVault.safeParse({ passphrase });
      if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'Invalid passphrase');
      if (passphrase !== confirm) return setError('The two passphrases differ');
    }
    setBusy(true);
    try {
      await (creating ? createVault(passphrase) : unlockVault(passphrase));
    } catch (caught) {
      setError(caught instanceof ApiCallError || caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card gate" onSubmit={(e) => void submit(e)} aria-labelledby="gate-title">
        <div className="brand">Outpost</div>
        <h1 id="gate-title">{creating ? 'Create your vault' : 'Unlock your vault'}</h1>
        <p className="muted">
          {creating
            ? 'Everything you record stays on this computer, in the vault folder below.'
            : 'Enter the passphrase you chose when you created this vault.'}
        </p>
        <p className="path" title="Vault folder">
          {status.path}
        </p>
        <label>
          Passphrase
          <input
            type="password"
            autoFocus
            autoComplete={creating ? 'new-password' : 'current-password'}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
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
        <button type="submit" className="primary" disabled={busy}>
          {busy ? (creating ? 'Creating…' : 'Unlocking…') : creating ? 'Create vault' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}

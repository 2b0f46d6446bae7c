import { useEffect } from 'react';
import { VaultGate } from './screens/vault-gate';
import { Workbench } from './screens/workbench';
import { useVaultStore } from './stores/vault-store';

export function App() {
  const status = useVaultStore((s) => s.status);
  const loadError = useVaultStore((s) => s.loadError);
  const refresh = useVaultStore((s) => s.refresh);
  const coreStopped = useVaultStore((s) => s.coreStopped);
  const restartCore = useVaultStore((s) => s.restartCore);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (coreStopped) {
    return (
      <main className="centered">
        <div className="card" role="alert" aria-labelledby="core-stopped-title">
          <h1 id="core-stopped-title">Outpost stopped working</h1>
          <p>{coreStopped}</p>
          <p className="muted">Restarting opens the vault locked: unlock it again to go on.</p>
          <button type="button" className="primary" autoFocus onClick={() => void restartCore()}>
            Restart Outpost
          </button>
        </div>
      </main>
    );
  }
  if (loadError) {
    return (
      <main className="centered">
        <div className="card" role="alert">
          <h1>Outpost cannot reach its vault</h1>
          <p>{loadError}</p>
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!status) return <main className="centered" aria-busy="true" />;
  // Keyed by folder and state: a newly chosen folder or a lock starts with empty passphrase fields.
  if (status.state !== 'unlocked') return <VaultGate key={`${status.path}|${status.state}`} status={status} />;
  return <Workbench vaultPath={status.path} />;
}

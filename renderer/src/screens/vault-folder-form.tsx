import { useState, type FormEvent } from 'react';
import { SelectVault } from '../../../shared/api/schemas';
import { errorMessage } from '../api/client';
import { Field } from '../components/field';
import { useVaultStore } from '../stores/vault-store';

/**
 * Opens a vault in another folder, e.g. on a USB stick. The browser cannot
 * show a folder picker for a local path, so the path is typed in full.
 */
export function VaultFolderForm({ currentPath, onDone }: { currentPath: string; onDone: () => void }) {
  const select = useVaultStore((s) => s.select);
  const [path, setPath] = useState(currentPath);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = SelectVault.safeParse({ path });
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'Enter a folder');
    setBusy(true);
    setError(null);
    try {
      await select(checked.data.path);
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <form className="folder-form" aria-label="Use another folder" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onDone()} noValidate>
      <Field label="Vault folder (full path)" hint="A folder holding a vault opens it; an empty or new folder lets you create a vault there." error={error ?? undefined}>
        {(control) => (
          <input
            {...control}
            autoFocus
            className="mono"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/media/usb/outpost-vault"
            spellCheck={false}
          />
        )}
      </Field>
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open folder'}
        </button>
      </div>
    </form>
  );
}

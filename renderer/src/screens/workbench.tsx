import { useEffect, useState } from 'react';
import { CaseDetailPane } from '../components/case-detail';
import { CaseList } from '../components/case-list';
import { NewCaseDialog } from '../components/new-case-dialog';
import { useCaseStore } from '../stores/case-store';
import { useVaultStore } from '../stores/vault-store';

/** The unlocked app: case list on the left, the open case on the right. */
export function Workbench({ vaultPath }: { vaultPath: string }) {
  const lock = useVaultStore((s) => s.lock);
  const load = useCaseStore((s) => s.load);
  const reset = useCaseStore((s) => s.reset);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    // "n" opens the new-case form from anywhere but a text field.
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (event.key === 'n' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setCreating(true);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="workbench">
      <header className="topbar">
        <span className="brand">Outpost</span>
        <span className="path" title="Vault folder">
          {vaultPath}
        </span>
        <button
          type="button"
          onClick={() => {
            reset();
            void lock();
          }}
        >
          Lock
        </button>
      </header>
      <CaseList onNew={() => setCreating(true)} />
      <CaseDetailPane />
      {creating && <NewCaseDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

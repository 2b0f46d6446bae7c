import { useCallback, useEffect, useRef, useState } from 'react';
import { useModal } from '../../hooks/use-modal';
import type { KeysView } from '../../../../shared/api/bundle-schemas';
import { api, errorMessage } from '../../api/client';
import { TabList } from '../workspace/tabs';
import { ExportPanel } from './export-panel';
import { ImportPanel } from './import-panel';
import { KeysPanel } from './keys-panel';
import { HeldPanel } from '../team/held-panel';
import { RosterPanel } from '../team/roster-panel';
import { useSettingsStore } from '../../stores/settings-store';
import './bundles.css';

type Part = 'keys' | 'team' | 'export' | 'import' | 'held';
const parts = [
  { key: 'keys', label: 'Keys & team' },
  { key: 'team', label: 'Roster' },
  { key: 'export', label: 'Export' },
  { key: 'import', label: 'Import' },
  { key: 'held', label: 'Waiting' },
] as const;

/** Case bundles: keys and the team profile, the team roster, exporting cases, importing bundles, and bundles waiting for approval. */
export function BundlesDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog);
  const [part, setPart] = useState<Part>('keys');
  const [keys, setKeys] = useState<KeysView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actorName = useSettingsStore((s) => s.settings?.actorName ?? '');

  const loadKeys = useCallback(async () => {
    try {
      setKeys(await api.send('keys.show', {}));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  return (
    <dialog ref={dialog} className="dialog bundles-dialog" aria-labelledby="bundles-title" onClose={onClose}>
      <h2 id="bundles-title">Case bundles</h2>
      <TabList label="Bundles" idPrefix="bundles" tabs={parts} active={part} onChange={setPart} />
      <div className="bundles-body" role="tabpanel" id={`bundles-panel-${part}`} aria-labelledby={`bundles-tab-${part}`}>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!keys ? (
          !error && <p className="muted" aria-busy="true">Loading keys…</p>
        ) : part === 'keys' ? (
          <KeysPanel keys={keys} onKeys={loadKeys} />
        ) : part === 'team' ? (
          <RosterPanel actorName={actorName} />
        ) : part === 'export' ? (
          <ExportPanel keys={keys} />
        ) : part === 'import' ? (
          <ImportPanel onShowHeld={() => setPart('held')} />
        ) : (
          <HeldPanel isCoordinator={keys.coordinator !== null} />
        )}
      </div>
      <div className="dialog-foot">
        <button type="button" onClick={() => dialog.current?.close()} aria-label="Close bundles">
          Close
        </button>
      </div>
    </dialog>
  );
}

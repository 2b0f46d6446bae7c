import { useEffect, useState } from 'react';
import { BundlesDialog } from '../components/bundles/bundles-dialog';
import { CaseList } from '../components/case-list';
import { NewCaseDialog } from '../components/new-case-dialog';
import { NoticesBanner, ReadOnlyBanner } from '../components/notices-banner';
import { PlaybooksScreen } from '../components/playbooks/playbooks-screen';
import { SettingsDialog } from '../components/settings/settings-dialog';
import { SignedInAs } from '../components/signed-in-as';
import { AlertsBanner } from '../components/sync/alerts-banner';
import { SyncDialog } from '../components/sync/sync-dialog';
import { SyncIndicator } from '../components/sync/sync-indicator';
import { CaseWorkspace } from '../components/workspace/case-workspace';
import { useActivityPoll } from '../hooks/use-activity-poll';
import { useSyncPoll } from '../hooks/use-sync-poll';
import { useCaseStore } from '../stores/case-store';
import { useSettingsStore } from '../stores/settings-store';
import { useVaultStore } from '../stores/vault-store';

/** The unlocked app: case list on the left, the open case on the right. */
export function Workbench({ vaultPath }: { vaultPath: string }) {
  const lock = useVaultStore((s) => s.lock);
  const load = useCaseStore((s) => s.load);
  const loadSettings = useSettingsStore((s) => s.load);
  const [dialog, setDialog] = useState<'new-case' | 'settings' | 'playbooks' | 'bundles' | 'sync' | null>(null);
  useActivityPoll();
  useSyncPoll();

  useEffect(() => {
    void load();
    // The idle-lock minutes are needed to explain a lock later on.
    void loadSettings();
  }, [load, loadSettings]);

  useEffect(() => {
    // "n" opens the new-case form from anywhere but a text field.
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"], dialog');
      if (event.key === 'n' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        setDialog('new-case');
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A team profile or roster taken in there may have enrolled this device: the header's name follows.
  function closeTeamDialog() {
    setDialog(null);
    void loadSettings();
  }

  return (
    <div className="workbench">
      <header className="topbar">
        <span className="brand">Outpost</span>
        <span className="path" title="Vault folder">
          {vaultPath}
        </span>
        <SyncIndicator onOpen={() => setDialog('sync')} />
        <SignedInAs onOpen={() => setDialog('settings')} />
        <button type="button" onClick={() => setDialog('playbooks')} aria-haspopup="dialog">
          Playbooks
        </button>
        <button type="button" onClick={() => setDialog('bundles')} aria-haspopup="dialog" title="Case bundles: signed, encrypted files that carry cases to the coordinator or another responder, and bring theirs in">
          Bundles
        </button>
        <button type="button" onClick={() => setDialog('settings')} aria-haspopup="dialog">
          Settings
        </button>
        <button type="button" onClick={() => void lock()} title="Lock the vault now; the passphrase is needed to open it again">
          Lock
        </button>
      </header>
      <ReadOnlyBanner />
      <AlertsBanner />
      <NoticesBanner />
      <div className="workbench-body">
        <CaseList onNew={() => setDialog('new-case')} />
        <CaseWorkspace />
      </div>
      {dialog === 'new-case' && <NewCaseDialog onClose={() => setDialog(null)} />}
      {dialog === 'playbooks' && <PlaybooksScreen onClose={() => setDialog(null)} />}
      {dialog === 'bundles' && <BundlesDialog onClose={closeTeamDialog} />}
      {dialog === 'sync' && <SyncDialog onClose={closeTeamDialog} />}
      {dialog === 'settings' && <SettingsDialog vaultPath={vaultPath} onClose={() => setDialog(null)} />}
    </div>
  );
}

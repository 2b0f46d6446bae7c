import { useEffect, useRef } from 'react';
import { useSettingsStore } from '../../stores/settings-store';
import { ChangePassphraseForm } from './change-passphrase-form';
import { DeviceInfo } from './device-info';
import { PreferencesForm } from './preferences-form';
import { ReplaceKeyForm } from './replace-key-form';

/** Modal settings: who you are in the case history, the idle lock, this device and vault, the passphrase and the data key. */
export function SettingsDialog({ vaultPath, onClose }: { vaultPath: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const settings = useSettingsStore((s) => s.settings);
  const error = useSettingsStore((s) => s.error);
  const load = useSettingsStore((s) => s.load);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    void load();
  }, [load]);

  return (
    <dialog ref={dialog} className="dialog settings-dialog" aria-labelledby="settings-title" onClose={onClose}>
      <h2 id="settings-title">Settings</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!settings ? (
        !error && <p className="muted" aria-busy="true">Loading settings…</p>
      ) : (
        <>
          <PreferencesForm settings={settings} />
          <DeviceInfo settings={settings} vaultPath={vaultPath} />
          <ChangePassphraseForm />
          <ReplaceKeyForm />
        </>
      )}
      <div className="dialog-foot">
        {/* Last, so that opening the dialog puts the focus on its first field. */}
        <button type="button" onClick={() => dialog.current?.close()} aria-label="Close settings">
          Close
        </button>
      </div>
    </dialog>
  );
}

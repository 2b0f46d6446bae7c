import { useSettingsStore } from '../../stores/settings-store';
import { ModalDialog } from '../modal-dialog';
import { ChangePassphraseForm } from './change-passphrase-form';
import { DeviceInfo } from './device-info';
import { PreferencesForm } from './preferences-form';
import { ReplaceKeyForm } from './replace-key-form';

/** Modal settings: who you are in the case history, the idle lock, this device and vault, the passphrase and the data key. */
export function SettingsDialog({ vaultPath, onClose }: { vaultPath: string; onClose: () => void }) {
  const settings = useSettingsStore((s) => s.settings);
  const error = useSettingsStore((s) => s.error);
  const load = useSettingsStore((s) => s.load);

  return (
    <ModalDialog title="Settings" className="settings-dialog" closeLabel="Close settings" onClose={onClose} onOpen={() => void load()} error={error} loading={!settings} loadingText="Loading settings…">
      {settings && (
        <>
          <PreferencesForm settings={settings} />
          <DeviceInfo settings={settings} vaultPath={vaultPath} />
          <ChangePassphraseForm />
          <ReplaceKeyForm />
        </>
      )}
    </ModalDialog>
  );
}

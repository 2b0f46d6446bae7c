import { useSettingsStore } from '../stores/settings-store';

/**
 * Who the changes made here are signed as, in the header: the team roster's
 * name once this device is enrolled, otherwise the name from Settings. A click
 * opens Settings, where the name is changed.
 */
export function SignedInAs({ onOpen }: { onOpen: () => void }) {
  const settings = useSettingsStore((s) => s.settings);
  if (!settings) return null;
  const enrolled = settings.enrolledAs;
  const name = enrolled?.name ?? settings.actorName;
  const role = enrolled?.role || settings.actorRole;
  const source = enrolled ? "the name your team's roster gives this computer" : 'your name from Settings';
  return (
    <button type="button" className="signed-in" onClick={onOpen} aria-haspopup="dialog" title={`Every change you make is signed with ${source}. Click to open Settings.`}>
      <span className="muted">Signed in as</span> <strong>{name}</strong>
      {role && <span className="muted"> · {role}</span>}
    </button>
  );
}

import type { BundleChanges } from '../../../../shared/api/bundle-schemas';
import { formatDateTime, plural } from '../../format';
import type { ChangesState } from '../../hooks/use-bundle-changes';
import { formatBytes } from '../evidence/evidence-format';

export type Scope = 'selected' | 'changed';

/**
 * What goes into the bundle: chosen cases, or everything not yet sent to the
 * coordinator, with when the last export to it was and what is new since.
 */
export function ExportScope({ scope, onScope, state, passphrase }: { scope: Scope; onScope: (scope: Scope) => void; state: ChangesState; passphrase: boolean }) {
  const { changes, error } = state;
  const coordinator = changes?.coordinator ?? 'the coordinator';
  return (
    <div className="bundle-scope" role="radiogroup" aria-label="What to export">
      <label className="check">
        <input type="radio" name="bundle-scope" checked={scope === 'selected'} onChange={() => onScope('selected')} /> Selected cases
      </label>
      <label className="check">
        <input type="radio" name="bundle-scope" checked={scope === 'changed'} onChange={() => onScope('changed')} /> Everything changed since the last export to {coordinator}
      </label>
      <p className="hint scope-detail" data-testid="last-export" aria-live="polite">
        {passphrase ? 'Only for recipients: exports to a passphrase are not tracked.' : error ? error : changes ? <LastExport changes={changes} /> : 'Looking at what was sent…'}
      </p>
    </div>
  );
}

function LastExport({ changes }: { changes: BundleChanges }) {
  const last = changes.lastExportAt === null ? 'never' : <time dateTime={changes.lastExportAt}>{formatDateTime(changes.lastExportAt)}</time>;
  if (changes.events === 0) {
    return <>Last export: {last}. {changes.lastExportAt === null ? 'There are no cases yet.' : 'Nothing changed since.'}</>;
  }
  const files = changes.blobs > 0 ? `, ${plural(changes.blobs, 'evidence file')} (${formatBytes(changes.blobBytes)})` : '';
  return (
    <>
      Last export: {last}. Not sent yet: {plural(changes.events, 'event')} in {plural(changes.cases.length, 'case')}
      {files}.
    </>
  );
}

/** The cases an export of changes would hold, in place of the case checkboxes. */
export function ChangedCases({ changes }: { changes: BundleChanges | null }) {
  return (
    <fieldset className="bundle-cases" data-testid="changed-cases">
      <legend>Cases with changes</legend>
      {!changes || changes.cases.length === 0 ? (
        <p className="muted">{changes ? 'Nothing to send: every case is as it was at the last export.' : '…'}</p>
      ) : (
        <ul className="plain">
          {changes.cases.map((c) => (
            <li key={c.caseId} className="changed-case">
              <span>{c.title}</span> <span className="hint">{c.events === 1 ? 'one new event' : `${c.events.toLocaleString()} new events`}</span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

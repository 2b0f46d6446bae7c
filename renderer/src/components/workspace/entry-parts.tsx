import { useState } from 'react';
import { entryRetractedPayload } from '../../../../shared/events/event';
import type { NoteState, Retraction } from '../../../../shared/events/fold';
import { formatDateTime, formatPreciseDateTime, shortDevice } from '../../format';
import { InlineForm } from './inline-form';

/** Who wrote a note or entry, from which device, when, and whether it was edited since. */
export function EntryMeta({ entry, prefix }: { entry: NoteState; prefix?: string }) {
  return (
    <div className="entry-meta">
      {prefix && <>{prefix} </>}
      <span className="entry-author">{entry.author}</span>
      <span aria-hidden="true"> · </span>
      <span title={`Device ${entry.device}`}>
        device <span className="mono">{shortDevice(entry.device)}</span>
      </span>
      <span aria-hidden="true"> · </span>
      <time dateTime={entry.addedAt} title={entry.addedAt}>
        {formatPreciseDateTime(entry.addedAt)}
      </time>
      {entry.editedAt && (
        <span className="tag" title={`Edited by ${entry.editedBy ?? 'someone'} on ${formatPreciseDateTime(entry.editedAt)}`}>
          edited
        </span>
      )}
    </div>
  );
}

export function RetractionNotice({ retraction }: { retraction: Retraction }) {
  return (
    <p className="retraction">
      Retracted by {retraction.by} (device <span className="mono">{shortDevice(retraction.device)}</span>) on{' '}
      <time dateTime={retraction.at}>{formatDateTime(retraction.at)}</time>: <q>{retraction.reason}</q>
    </p>
  );
}

/** A retraction needs a reason: the entry stays in the case, and readers must know why it no longer counts. */
/** `removal`: words for taking a checklist off a case, which is a retraction too, but not one people call so. */
export function RetractForm({ what, onRetract, onCancel, removal = false }: { what: string; onRetract: (reason: string) => Promise<void>; onCancel: () => void; removal?: boolean }) {
  const [reason, setReason] = useState('');
  const verb = removal ? 'Remove' : 'Retract';
  return (
    <InlineForm
      label={`${verb} ${what}`}
      className="retract-form"
      saveLabel={`${verb} ${what}`}
      busyLabel={removal ? 'Removing…' : 'Retracting…'}
      onCancel={onCancel}
      onSave={async () => {
        const checked = entryRetractedPayload.shape.reason.safeParse(reason.trim());
        if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'Give a reason');
        await onRetract(checked.data);
      }}
    >
      <label className="compact">
        {removal ? 'Reason for removing it (required)' : 'Reason for retracting (required)'}
        <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} placeholder={removal ? 'e.g. Attached by mistake: this is not a phishing case' : 'e.g. Wrong host — this was the print server'} />
      </label>
      <span className="hint">{removal ? `What was done stays in the history, and the ${what} can be shown again, with your name and this reason.` : `The ${what} stays visible, struck through, with your name and this reason.`}</span>
    </InlineForm>
  );
}

export type EntryMode = 'view' | 'edit' | 'retract';

/** Edit and Retract for one entry; a retracted entry can no longer change. */
export function EntryActions({ what, retracted, onMode }: { what: string; retracted: boolean; onMode: (mode: EntryMode) => void }) {
  if (retracted) return null;
  return (
    <div className="entry-actions">
      <button type="button" className="quiet" onClick={() => onMode('edit')} aria-label={`Edit this ${what}`}>
        Edit
      </button>
      <button type="button" className="quiet" onClick={() => onMode('retract')} aria-label={`Retract this ${what}`}>
        Retract
      </button>
    </div>
  );
}

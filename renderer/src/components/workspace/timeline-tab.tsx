import { useState, type FormEvent } from 'react';
import { timelineAddedPayload } from '../../../../shared/events/event';
import { errorMessage } from '../../api/client';
import { nowLocalInputValue } from '../../lib/local-date-time';
import { addTimelineEntry } from '../../stores/case-actions';
import type { CaseDetail } from '../../stores/case-store';
import { TimelineItem } from './timeline-item';
import { parseWhen, WhenInput } from './when-input';

function AddEntryForm({ caseId }: { caseId: string }) {
  const [when, setWhen] = useState(nowLocalInputValue);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseWhen(when);
    if ('error' in parsed) return setError(parsed.error);
    const checked = timelineAddedPayload.shape.text.safeParse(text.trim());
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'This entry cannot be saved');
    setBusy(true);
    setError(null);
    try {
      await addTimelineEntry(caseId, parsed.at, checked.data);
      setText('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-form" aria-label="Add to the timeline" onSubmit={(e) => void submit(e)} noValidate>
      <div className="timeline-fields">
        <WhenInput value={when} onChange={setWhen} />
        <label className="compact grow">
          What happened
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={20_000} placeholder="e.g. First ransom note seen on FS01" aria-invalid={error ? true : undefined} />
        </label>
      </div>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="hint">When it happened, not when you write it down.</span>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add to timeline'}
        </button>
      </div>
    </form>
  );
}

/** What happened when, in the order it happened. */
export function TimelineTab({ state }: { state: CaseDetail }) {
  return (
    <div className="entries-tab">
      <AddEntryForm caseId={state.id} />
      {state.timeline.length === 0 ? (
        <div className="empty">
          <p>No timeline entries yet.</p>
          <p className="muted">Record when things happened — first alert, containment, notification — to reconstruct the incident later.</p>
        </div>
      ) : (
        <ol className="entry-list timeline" aria-label="Timeline, earliest first">
          {state.timeline.map((entry) => (
            <TimelineItem
              key={entry.id}
              caseId={state.id}
              entry={entry}
              conflict={state.conflicts.find((c): c is Extract<typeof c, { kind: 'timeline' }> => c.kind === 'timeline' && c.entryId === entry.id)}
            />
          ))}
        </ol>
      )}
    </div>
  );
}

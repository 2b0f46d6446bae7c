import { useState } from 'react';
import { timelineAddedPayload } from '../../../../shared/events/event';
import { useAction } from '../../hooks/use-action';
import { nowLocalInputValue } from '../../lib/local-date-time';
import { addTimelineEntry } from '../../stores/case-actions';
import type { CaseDetail } from '../../stores/case-store';
import { TextField } from '../form/fields';
import { PanelForm } from '../form/panel-form';
import { parseWhen, WhenInput } from '../form/when-input';
import { TimelineItem } from './timeline-item';

function AddEntryForm({ caseId, openedAt }: { caseId: string; openedAt: string }) {
  const [when, setWhen] = useState(nowLocalInputValue);
  const [text, setText] = useState('');
  const action = useAction();

  async function submit() {
    const parsed = parseWhen(when);
    if ('error' in parsed) return action.setError(parsed.error);
    const checked = timelineAddedPayload.shape.text.safeParse(text.trim());
    if (!checked.success) return action.setError(checked.error.issues[0]?.message ?? 'This entry cannot be saved');
    await action.run(async () => {
      await addTimelineEntry(caseId, parsed.at, checked.data);
      setText('');
      // The next entry is most often about something that just happened, not at the time of this one.
      setWhen(nowLocalInputValue());
    });
  }

  return (
    <PanelForm label="Add to the timeline" action={action} hint="When it happened, not when you write it down." submitLabel="Add to timeline" busyLabel="Adding…" onSubmit={submit}>
      <div className="timeline-fields">
        <WhenInput value={when} onChange={setWhen} openedAt={openedAt} />
        <TextField label="What happened" className="grow" value={text} onChange={setText} maxLength={20_000} placeholder="e.g. First ransom note seen on FS01" invalid={action.error !== null} />
      </div>
    </PanelForm>
  );
}

/** What happened when, in the order it happened. */
export function TimelineTab({ state }: { state: CaseDetail }) {
  return (
    <div className="entries-tab">
      <AddEntryForm caseId={state.id} openedAt={state.openedAt} />
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

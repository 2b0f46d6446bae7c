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
import { ChecklistTimelineItem } from './checklist-timeline-item';
import { useChecklistTimeline } from '../../hooks/use-checklist-timeline';
import type { ChecklistTimelineEntry } from '../../../../shared/playbooks/checklist-timeline';

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
  const fromChecklist = useChecklistTimeline(state.id);
  // Entries written here and checklist work, merged in time order (each list is in order already).
  const merged: Array<{ kind: 'entry'; entry: CaseDetail['timeline'][number] } | { kind: 'checklist'; entry: ChecklistTimelineEntry }> = [];
  let c = 0;
  for (const entry of state.timeline) {
    while (c < fromChecklist.length && Date.parse(fromChecklist[c]?.at ?? '') < Date.parse(entry.at)) merged.push({ kind: 'checklist', entry: fromChecklist[c++] as ChecklistTimelineEntry });
    merged.push({ kind: 'entry', entry });
  }
  for (; c < fromChecklist.length; c++) merged.push({ kind: 'checklist', entry: fromChecklist[c] as ChecklistTimelineEntry });
  return (
    <div className="entries-tab">
      <AddEntryForm caseId={state.id} openedAt={state.openedAt} />
      {merged.length === 0 ? (
        <div className="empty">
          <p>No timeline entries yet.</p>
          <p className="muted">Record when things happened — first alert, containment, notification — to reconstruct the incident later.</p>
        </div>
      ) : (
        <ol className="entry-list timeline" aria-label="Timeline, earliest first">
          {merged.map((m) =>
            m.kind === 'checklist' ? (
              <ChecklistTimelineItem key={m.entry.id} entry={m.entry} />
            ) : (
              <TimelineItem
                key={m.entry.id}
                caseId={state.id}
                entry={m.entry}
                conflict={state.conflicts.find((x): x is Extract<typeof x, { kind: 'timeline' }> => x.kind === 'timeline' && x.entryId === m.entry.id)}
              />
            ),
          )}
        </ol>
      )}
    </div>
  );
}

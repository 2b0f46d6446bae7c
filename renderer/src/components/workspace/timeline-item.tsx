import { useState } from 'react';
import type { CaseConflict, TimelineEntryState, TimelineValue } from '../../../../shared/events/fold';
import { timelineEditedPayload } from '../../../../shared/events/event';
import { formatPreciseDateTime, splitDateTime } from '../../format';
import { toLocalInputValue } from '../../lib/local-date-time';
import { editTimelineEntry, retractEntry } from '../../stores/case-actions';
import { TextField } from '../form/fields';
import { parseWhen, WhenInput } from '../form/when-input';
import { ConflictChoices } from './conflict-choices';
import { EntryActions, EntryMeta, RetractForm, RetractionNotice, type EntryMode } from './entry-parts';
import { InlineForm } from './inline-form';

type Props = { caseId: string; entry: TimelineEntryState; conflict: Extract<CaseConflict, { kind: 'timeline' }> | undefined };

export function TimelineItem({ caseId, entry, conflict }: Props) {
  const [mode, setMode] = useState<EntryMode>('view');
  const [when, setWhen] = useState('');
  const [text, setText] = useState('');

  function changeMode(next: EntryMode) {
    if (next === 'edit') {
      setWhen(toLocalInputValue(entry.at));
      setText(entry.text);
    }
    setMode(next);
  }

  return (
    <li className={entry.retracted ? 'entry timeline-entry retracted' : 'entry timeline-entry'} aria-label={`Timeline entry at ${formatPreciseDateTime(entry.at)}`}>
      <time className="timeline-at" dateTime={entry.at} title={entry.at}>
        <span className="timeline-time">{splitDateTime(entry.at).time}</span>
        <span className="timeline-date">{splitDateTime(entry.at).date}</span>
      </time>
      <div className="timeline-body">
        {mode === 'edit' ? (
          <InlineForm
            label="Edit timeline entry"
            onCancel={() => setMode('view')}
            onSave={async () => {
              const parsed = parseWhen(when);
              if ('error' in parsed) throw new Error(parsed.error);
              const checked = timelineEditedPayload.shape.text.safeParse(text.trim());
              if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'This entry cannot be saved');
              const changed = checked.data !== entry.text || Date.parse(parsed.at) !== Date.parse(entry.at) || parsed.at !== entry.at;
              if (changed || conflict) await editTimelineEntry(caseId, entry, parsed.at, checked.data);
              setMode('view');
            }}
          >
            <div className="timeline-fields">
              <WhenInput value={when} onChange={setWhen} autoFocus />
              <TextField label="What happened" className="grow" value={text} onChange={setText} maxLength={20_000} />
            </div>
          </InlineForm>
        ) : (
          <p className="entry-text multiline">{entry.text}</p>
        )}
        <EntryMeta entry={entry} prefix="Added by" />
        {entry.retracted && <RetractionNotice retraction={entry.retracted} />}
        {mode === 'retract' && (
          <RetractForm
            what="entry"
            onCancel={() => setMode('view')}
            onRetract={async (reason) => {
              await retractEntry(caseId, entry.id, reason);
              setMode('view');
            }}
          />
        )}
        {mode === 'view' && <EntryActions what="entry" retracted={entry.retracted !== undefined} onMode={changeMode} />}
        {conflict && (
          <ConflictChoices<TimelineValue>
            subject="this entry"
            winner={conflict.winner}
            losers={conflict.losers}
            render={(value) => (
              <>
                <time dateTime={value.at} title={value.at}>
                  {formatPreciseDateTime(value.at)}
                </time>{' '}
                — {value.text}
              </>
            )}
            onKeep={(value) => editTimelineEntry(caseId, entry, value.at, value.text)}
          />
        )}
      </div>
    </li>
  );
}

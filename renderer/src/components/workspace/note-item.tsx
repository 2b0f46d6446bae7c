import { useState } from 'react';
import { noteEditedPayload } from '../../../../shared/events/event';
import type { CaseConflict, NoteState } from '../../../../shared/events/fold';
import { editNote, retractEntry } from '../../stores/case-actions';
import { ConflictChoices } from './conflict-choices';
import { EntryActions, EntryMeta, RetractForm, RetractionNotice, type EntryMode } from './entry-parts';
import { InlineForm } from './inline-form';

type Props = { caseId: string; note: NoteState; conflict: Extract<CaseConflict, { kind: 'note' }> | undefined };

export function NoteItem({ caseId, note, conflict }: Props) {
  const [mode, setMode] = useState<EntryMode>('view');
  const [text, setText] = useState(note.text);

  function startEditing(next: EntryMode) {
    if (next === 'edit') setText(note.text);
    setMode(next);
  }

  return (
    <li className={note.retracted ? 'entry retracted' : 'entry'} aria-label={`Note by ${note.author}`}>
      <EntryMeta entry={note} />
      {mode === 'edit' ? (
        <InlineForm
          label="Edit note"
          onCancel={() => setMode('view')}
          onSave={async () => {
            const checked = noteEditedPayload.shape.text.safeParse(text);
            if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'This note cannot be saved');
            if (checked.data !== note.text || conflict) await editNote(caseId, note, checked.data);
            setMode('view');
          }}
        >
          <textarea autoFocus aria-label="Note text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          <span className="hint">Ctrl+Enter saves, Escape cancels. The earlier text stays in the history.</span>
        </InlineForm>
      ) : (
        <p className="entry-text multiline">{note.text}</p>
      )}
      {note.retracted && <RetractionNotice retraction={note.retracted} />}
      {mode === 'retract' && (
        <RetractForm
          what="note"
          onCancel={() => setMode('view')}
          onRetract={async (reason) => {
            await retractEntry(caseId, note.id, reason);
            setMode('view');
          }}
        />
      )}
      {mode === 'view' && <EntryActions what="note" retracted={note.retracted !== undefined} onMode={startEditing} />}
      {conflict && (
        <ConflictChoices<string>
          subject="this note"
          winner={conflict.winner}
          losers={conflict.losers}
          render={(value) => <span className="multiline">{value}</span>}
          onKeep={(value) => editNote(caseId, note, value)}
        />
      )}
    </li>
  );
}

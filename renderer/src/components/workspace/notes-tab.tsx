import { useState } from 'react';
import { AddNote } from '../../../../shared/api/schemas';
import { useAction } from '../../hooks/use-action';
import { addNote } from '../../stores/case-actions';
import type { CaseDetail } from '../../stores/case-store';
import { TextAreaField } from '../form/fields';
import { PanelForm } from '../form/panel-form';
import { NoteItem } from './note-item';

function AddNoteForm({ caseId }: { caseId: string }) {
  const [text, setText] = useState('');
  const action = useAction();

  async function submit() {
    const checked = AddNote.safeParse({ caseId, text });
    if (!checked.success) return action.setError(checked.error.issues[0]?.message ?? 'This note cannot be saved');
    await action.run(async () => {
      await addNote(caseId, checked.data.text);
      setText('');
    });
  }

  return (
    <PanelForm label="Add a note" action={action} hint="Ctrl+Enter adds the note." submitLabel="Add note" busyLabel="Adding…" onSubmit={submit}>
      <TextAreaField
        label="New note"
        rows={3}
        value={text}
        onChange={setText}
        placeholder="What you saw, did or decided. Time, author and device are recorded for you."
        invalid={action.error !== null}
      />
    </PanelForm>
  );
}

/** Notes, newest first. Edits and retractions add events; nothing a responder wrote disappears. */
export function NotesTab({ state }: { state: CaseDetail }) {
  const notes = [...state.notes].reverse();
  return (
    <div className="entries-tab">
      <AddNoteForm caseId={state.id} />
      {notes.length === 0 ? (
        <div className="empty">
          <p>No notes yet.</p>
          <p className="muted">Notes are timestamped and signed by this device. Editing or retracting one never erases what was written.</p>
        </div>
      ) : (
        <ol className="entry-list" aria-label="Notes, newest first">
          {notes.map((note) => (
            <NoteItem
              key={note.id}
              caseId={state.id}
              note={note}
              conflict={state.conflicts.find((c): c is Extract<typeof c, { kind: 'note' }> => c.kind === 'note' && c.noteId === note.id)}
            />
          ))}
        </ol>
      )}
    </div>
  );
}

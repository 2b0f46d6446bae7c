import { useState, type FormEvent } from 'react';
import { AddNote } from '../../../../shared/api/schemas';
import { errorMessage } from '../../api/client';
import { addNote } from '../../stores/case-actions';
import type { CaseDetail } from '../../stores/case-store';
import { NoteItem } from './note-item';

function AddNoteForm({ caseId }: { caseId: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const checked = AddNote.safeParse({ caseId, text });
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'This note cannot be saved');
    setBusy(true);
    setError(null);
    try {
      await addNote(caseId, checked.data.text);
      setText('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-form" aria-label="Add a note" onSubmit={(e) => void submit(e)} noValidate>
      <label className="compact">
        New note
        <textarea
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="What you saw, did or decided. Time, author and device are recorded for you."
          aria-invalid={error ? true : undefined}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </label>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="hint">Ctrl+Enter adds the note.</span>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
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

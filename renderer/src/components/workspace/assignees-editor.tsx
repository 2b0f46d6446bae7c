import { useRef, useState } from 'react';
import { caseFieldValueSchemas } from '../../../../shared/events/event';
import type { CaseDetail } from '../../stores/case-store';
import { saveField } from './field-editors';
import { InlineForm } from './inline-form';

/** Edits the list of assignees locally; Save writes the whole list as one change. */
export function AssigneesEditor({ state, close }: { state: CaseDetail; close: () => void }) {
  const [list, setList] = useState<string[]>(state.assignees);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  function add() {
    const trimmed = name.trim();
    if (!trimmed) return;
    const checked = caseFieldValueSchemas.assignees.safeParse([...list, trimmed]);
    if (!checked.success) return setProblem(checked.error.issues[0]?.message ?? 'Cannot add this name');
    setList(checked.data);
    setName('');
    setProblem(null);
    input.current?.focus();
  }

  function remove(index: number) {
    setList(list.filter((_, i) => i !== index));
    input.current?.focus();
  }

  return (
    <InlineForm
      label="Edit assignees"
      onCancel={close}
      onSave={async () => {
        // A name typed but not yet added is what the user means to keep.
        const pending = name.trim();
        await saveField(state, 'assignees', pending && !list.includes(pending) ? [...list, pending] : list);
        close();
      }}
    >
      {list.length === 0 ? (
        <p className="muted">Nobody assigned.</p>
      ) : (
        <ul className="assignee-list" aria-label="Assignees">
          {list.map((person, index) => (
            <li key={person} className="chip">
              {person}
              <button type="button" className="chip-remove" onClick={() => remove(index)} aria-label={`Remove ${person}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="add-row">
        <input
          ref={input}
          autoFocus
          aria-label="Name to assign"
          placeholder="Name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds the name; Save (or Enter on an empty field) saves the list.
            if (e.key === 'Enter' && name.trim()) {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add}>
          Add
        </button>
      </div>
      {problem && <span className="field-error">{problem}</span>}
    </InlineForm>
  );
}

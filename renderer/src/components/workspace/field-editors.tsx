import { useState } from 'react';
import { categories, priorities, statuses } from '../../../../shared/domain/taxonomy';
import { caseFieldValueSchemas, type CaseField, type CaseFieldValues } from '../../../../shared/events/event';
import { capitalize } from '../../format';
import { setCaseField } from '../../stores/case-actions';
import type { CaseDetail } from '../../stores/case-store';
import { InlineForm } from './inline-form';

/**
 * Validates with the schema the journal uses, and writes only when something
 * changed, or when the field is in conflict (saving then settles it).
 */
export async function saveField<F extends CaseField>(state: CaseDetail, field: F, value: unknown): Promise<void> {
  const checked = caseFieldValueSchemas[field].safeParse(value);
  if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'This value cannot be saved');
  const next = checked.data as CaseFieldValues[F];
  const inConflict = state.conflicts.some((c) => c.kind === 'field' && c.field === field);
  if (!inConflict && JSON.stringify(next) === JSON.stringify(state[field])) return;
  await setCaseField(state, field, next);
}

type EditorProps<F extends CaseField> = { state: CaseDetail; field: F; label: string; close: () => void };

type TextField = 'title' | 'site' | 'constituency' | 'reporter';

export function TextFieldEditor({ state, field, label, close, placeholder }: EditorProps<TextField> & { placeholder?: string }) {
  const [value, setValue] = useState(state[field]);
  return (
    <InlineForm
      label={`Edit ${label.toLowerCase()}`}
      onCancel={close}
      onSave={async () => {
        await saveField(state, field, value.trim());
        close();
      }}
    >
      <input autoFocus aria-label={label} value={value} onChange={(e) => setValue(e.target.value)} maxLength={200} placeholder={placeholder} />
    </InlineForm>
  );
}

export function SummaryEditor({ state, close }: { state: CaseDetail; close: () => void }) {
  const [value, setValue] = useState(state.summary);
  return (
    <InlineForm
      label="Edit summary"
      onCancel={close}
      onSave={async () => {
        await saveField(state, 'summary', value);
        close();
      }}
    >
      <textarea autoFocus aria-label="Summary" rows={6} value={value} onChange={(e) => setValue(e.target.value)} placeholder="What is known so far, what was done, what is next" />
      <span className="hint">Ctrl+Enter saves, Escape cancels.</span>
    </InlineForm>
  );
}

type ChoiceField = 'category' | 'priority' | 'status';

const choices: Record<ChoiceField, readonly { value: string; label: string }[]> = {
  category: categories.map((c) => ({ value: c.id, label: c.label })),
  priority: priorities.map((p) => ({ value: p, label: capitalize(p) })),
  status: statuses.map((s) => ({ value: s, label: capitalize(s) })),
};

export function ChoiceFieldEditor({ state, field, label, close }: EditorProps<ChoiceField>) {
  const [value, setValue] = useState<string>(state[field]);
  const hint = field === 'category' ? categories.find((c) => c.id === value)?.hint : undefined;
  return (
    <InlineForm
      label={`Edit ${label.toLowerCase()}`}
      onCancel={close}
      onSave={async () => {
        await saveField(state, field, value);
        close();
      }}
    >
      <select autoFocus aria-label={label} value={value} onChange={(e) => setValue(e.target.value)}>
        {choices[field].map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {hint && <span className="hint">{hint}</span>}
    </InlineForm>
  );
}

import { useState } from 'react';
import type { EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { evidenceTypeLabels, evidenceTypes, type EvidenceItemFields } from '../../../../shared/evidence/evidence-payloads';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { toLocalInputValue } from '../../lib/local-date-time';
import { useEvidenceStore } from '../../stores/evidence-store';
import { SelectField, TextField } from '../form/fields';
import { PanelForm } from '../form/panel-form';
import { parseWhen, WhenInput } from '../form/when-input';
import { formatAt } from './evidence-format';

type Editable = Omit<EvidenceItemFields, 'collectedAt'> & { when: string };

/** The item's fields, read-only until "Edit"; a save sends only what changed, superseding what was shown. */
export function ItemFields({ caseId, item }: { caseId: string; item: EvidenceItemState }) {
  const [editing, setEditing] = useState(false);
  if (editing) return <ItemFieldsForm caseId={caseId} item={item} onDone={() => setEditing(false)} />;
  const rows: [string, string][] = [
    ['Type', evidenceTypeLabels[item.type]],
    ['Source', item.source],
    ['Location', item.location],
    ['Collected by', item.collectedBy],
    ['Collected at', formatAt(item.collectedAt)],
    ['Method or tool', item.method],
    ['Current holder', item.holder],
  ];
  return (
    <div className="item-fields">
      <dl className="facts item-facts">
        {rows.map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value || <span className="hint">—</span>}</dd>
          </div>
        ))}
      </dl>
      {item.conflicts.length > 0 && <p className="tag warn">Edited on two devices at once: {item.conflicts.flatMap((c) => c.fields).join(', ')}</p>}
      <button type="button" className="quiet" onClick={() => setEditing(true)} disabled={item.retracted !== undefined}>
        Edit details…
      </button>
    </div>
  );
}

function ItemFieldsForm({ caseId, item, onDone }: { caseId: string; item: EvidenceItemState; onDone: () => void }) {
  const runCommand = useEvidenceStore((s) => s.run);
  const [values, setValues] = useState<Editable>({
    description: item.description,
    type: item.type,
    source: item.source,
    location: item.location,
    collectedBy: item.collectedBy,
    method: item.method,
    when: toLocalInputValue(item.collectedAt),
  });
  const action = useAction();
  const set = (key: keyof Editable) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function submit() {
    const changes: Partial<EvidenceItemFields> = {};
    for (const key of ['description', 'type', 'source', 'location', 'collectedBy', 'method'] as const) {
      const value = values[key].trim();
      if (value !== item[key]) (changes as Record<string, string>)[key] = value;
    }
    // The time as entered stays unless the picker was changed.
    if (values.when !== toLocalInputValue(item.collectedAt)) {
      const parsed = parseWhen(values.when);
      if ('error' in parsed) return action.setError(parsed.error);
      changes.collectedAt = parsed.at;
    }
    if (Object.keys(changes).length === 0) return onDone();
    await action.run(async () => {
      await runCommand(caseId, () => api.send('evidence.update', { caseId, itemId: item.id, changes, supersedes: item.heads }));
      onDone();
    });
  }

  return (
    <PanelForm label="Edit the item's details" className="evidence-form" action={action} hint="A correction is recorded; the earlier values stay in the history." submitLabel="Save" busyLabel="Saving…" onSubmit={submit} onCancel={onDone}>
      <TextField label="Description" autoFocus value={values.description} onChange={set('description')} maxLength={4000} />
      <div className="form-grid">
        <SelectField label="Type" value={values.type} onChange={set('type')} options={evidenceTypes} optionLabel={(t) => evidenceTypeLabels[t]} />
        <TextField label="Source host or device" value={values.source} onChange={set('source')} maxLength={500} />
        <TextField label="Location" value={values.location} onChange={set('location')} maxLength={500} />
        <TextField label="Collected by" value={values.collectedBy} onChange={set('collectedBy')} maxLength={200} />
        <WhenInput value={values.when} onChange={set('when')} />
        <TextField label="Method or tool" value={values.method} onChange={set('method')} maxLength={2000} />
      </div>
    </PanelForm>
  );
}

import { useState } from 'react';
import { EvidenceRegister } from '../../../../shared/api/evidence-schemas';
import { evidenceTypeLabels, evidenceTypes, type EvidenceType } from '../../../../shared/evidence/evidence-payloads';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { nowLocalInputValue } from '../../lib/local-date-time';
import { useEvidenceStore } from '../../stores/evidence-store';
import { SelectField, TextField } from '../form/fields';
import { PanelForm } from '../form/panel-form';
import { parseWhen, WhenInput } from '../form/when-input';

/** Registers an evidence item: what it is, where it came from, who collected it, when and how. Files come after. */
export function RegisterForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const runCommand = useEvidenceStore((s) => s.run);
  const select = useEvidenceStore((s) => s.select);
  const [description, setDescription] = useState('');
  const [type, setType] = useState<EvidenceType>('disk-image');
  const [source, setSource] = useState('');
  const [location, setLocation] = useState('');
  const [collectedBy, setCollectedBy] = useState('');
  const [when, setWhen] = useState(nowLocalInputValue);
  const [method, setMethod] = useState('');
  const action = useAction();

  async function submit() {
    const parsed = parseWhen(when);
    if ('error' in parsed) return action.setError(parsed.error);
    const input = {
      caseId,
      description: description.trim(),
      type,
      source: source.trim(),
      location: location.trim(),
      ...(collectedBy.trim() ? { collectedBy: collectedBy.trim() } : {}),
      collectedAt: parsed.at,
      method: method.trim(),
    };
    const checked = EvidenceRegister.safeParse(input);
    if (!checked.success) return action.setError(checked.error.issues[0]?.message ?? 'This item cannot be registered');
    await action.run(async () => {
      const item = await runCommand(caseId, () => api.send('evidence.register', checked.data));
      select(item.id);
      onDone();
    });
  }

  return (
    <PanelForm label="Register an evidence item" heading className="evidence-form" action={action} hint="An item may have no file (a seized laptop); attach files after registering it." submitLabel="Register item" busyLabel="Registering…" onSubmit={submit} onCancel={onDone}>
      <TextField
        label="Description"
        autoFocus
        value={description}
        onChange={setDescription}
        maxLength={4000}
        placeholder="e.g. Disk image of FIN-FS01"
        invalid={action.error !== null && !description.trim()}
      />
      <div className="form-grid">
        <SelectField label="Type" value={type} onChange={setType} options={evidenceTypes} optionLabel={(t) => evidenceTypeLabels[t]} />
        <TextField label="Source host or device" value={source} onChange={setSource} maxLength={500} placeholder="e.g. FIN-FS01 (s/n 7XK2Q)" />
        <TextField label="Location" value={location} onChange={setLocation} maxLength={500} placeholder="Where it was collected or is kept" />
        <TextField label="Collected by" value={collectedBy} onChange={setCollectedBy} maxLength={200} placeholder="You, if left empty" />
        <WhenInput value={when} onChange={setWhen} />
        <TextField label="Method or tool" value={method} onChange={setMethod} maxLength={2000} placeholder="e.g. FTK Imager 4.7, write blocker" />
      </div>
    </PanelForm>
  );
}

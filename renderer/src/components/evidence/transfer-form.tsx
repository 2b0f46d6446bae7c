import { useState } from 'react';
import { CustodyTransfer } from '../../../../shared/api/evidence-schemas';
import type { EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { nowLocalInputValue } from '../../lib/local-date-time';
import { useEvidenceStore } from '../../stores/evidence-store';
import { TextField } from '../form/fields';
import { PanelForm } from '../form/panel-form';
import { parseWhen, WhenInput } from '../form/when-input';

/** Records a hand-over: from (the current holder by default) to whom, when, where, why, in what condition. */
export function TransferForm({ caseId, item, onDone }: { caseId: string; item: EvidenceItemState; onDone: () => void }) {
  const runCommand = useEvidenceStore((s) => s.run);
  const [from, setFrom] = useState(item.holder);
  const [to, setTo] = useState('');
  const [when, setWhen] = useState(nowLocalInputValue);
  const [place, setPlace] = useState('');
  const [purpose, setPurpose] = useState('');
  const [condition, setCondition] = useState('');
  const action = useAction();

  async function submit() {
    const parsed = parseWhen(when);
    if ('error' in parsed) return action.setError(parsed.error);
    const checked = CustodyTransfer.safeParse({ caseId, itemId: item.id, from: from.trim(), to: to.trim(), at: parsed.at, place: place.trim(), purpose: purpose.trim(), condition: condition.trim() });
    if (!checked.success) return action.setError(checked.error.issues[0]?.message ?? 'This transfer cannot be recorded');
    await action.run(async () => {
      await runCommand(caseId, () => api.send('custody.transfer', checked.data));
      onDone();
    });
  }

  return (
    <PanelForm label="Transfer custody" heading className="evidence-form" action={action} hint={`By the record, ${item.holder} holds the item now.`} submitLabel="Record transfer" busyLabel="Recording…" onSubmit={submit} onCancel={onDone}>
      <div className="form-grid">
        <TextField label="From" value={from} onChange={setFrom} maxLength={200} />
        <TextField label="To" autoFocus value={to} onChange={setTo} maxLength={200} placeholder="Person, or a locker or safe" />
        <WhenInput value={when} onChange={setWhen} />
        <TextField label="Place" value={place} onChange={setPlace} maxLength={500} />
        <TextField label="Purpose" value={purpose} onChange={setPurpose} maxLength={2000} placeholder="e.g. Transport to the lab" />
        <TextField label="Condition" value={condition} onChange={setCondition} maxLength={2000} placeholder="e.g. Sealed in bag 0042, seal intact" />
      </div>
    </PanelForm>
  );
}

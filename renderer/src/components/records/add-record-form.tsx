import { useState } from 'react';
import { gridColumns } from '../../../../shared/evidence/grid';
import { recordKindLabels, type RecordKind } from '../../../../shared/evidence/record-payloads';
import { api, ApiCallError, errorMessage } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { useRecordsStore } from '../../stores/records-store';
import { capitalize } from '../../format';
import { SelectField, TextField } from '../form/fields';
import { PanelForm } from '../form/panel-form';
import { enumOptions, optionLabel } from './record-fields';

const placeholders: Record<string, string> = {
  value: 'e.g. 203.0.113[.]7 or hxxp://evil.example/x — defanged is fine',
  firstSeen: '2026-11-23 14:05 +01:00',
  lastSeen: '2026-11-23 14:05 +01:00',
  at: '2026-11-23 14:05 +01:00',
  addresses: '10.0.0.5, 2001:db8::7',
  hash: 'MD5, SHA-1, SHA-256 or SHA-512',
};

/** One record typed in; the core normalizes it (refangs indicators, reads dates leniently) or says what is wrong. */
export function AddRecordForm({ caseId, kind, onDone }: { caseId: string; kind: RecordKind; onDone: () => void }) {
  const runCommand = useRecordsStore((s) => s.run);
  const columns = gridColumns[kind].filter((c) => c.kind !== 'link' && c.key !== 'original');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(columns.map((c) => [c.key, c.kind === 'enum' ? (enumOptions(kind, c.key)[0] ?? '') : ''])),
  );
  const action = useAction(describe);

  async function submit() {
    const fields: Record<string, unknown> = {};
    for (const c of columns) {
      const value = (values[c.key] ?? '').trim();
      if (value === '') continue;
      fields[c.key] = c.kind === 'list' ? value.split(/[\s,;]+/).filter(Boolean) : value;
    }
    await action.run(async () => {
      await runCommand(caseId, kind, () => api.send('record.add', { caseId, kind, fields }));
      onDone();
    });
  }
  const setValue = (key: string) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <PanelForm label={`Add ${recordKindLabels[kind].one}`} heading className="records-form" action={action} hint="Dates need a time zone; links to systems and items can be added by pasting rows." submitLabel="Add" busyLabel="Adding…" onSubmit={submit} onCancel={onDone}>
      <div className="form-grid">
        {columns.map((c, index) => {
          const hint = c.required ? '(required)' : undefined;
          return c.kind === 'enum' ? (
            <SelectField key={c.key} label={c.label} hint={hint} value={values[c.key] ?? ''} onChange={setValue(c.key)} options={enumOptions(kind, c.key)} optionLabel={(o) => capitalize(optionLabel(c.key, o))} />
          ) : (
            <TextField
              key={c.key}
              label={c.label}
              hint={hint}
              autoFocus={index === 0}
              value={values[c.key] ?? ''}
              onChange={setValue(c.key)}
              placeholder={placeholders[c.key]}
              controlClassName={c.key === 'value' || c.key === 'hash' ? 'mono' : undefined}
              maxLength={10_000}
            />
          );
        })}
      </div>
    </PanelForm>
  );
}

/** What the core found wrong with the fields, each issue, or why the call failed. */
function describe(caught: unknown): string {
  const issues = caught instanceof ApiCallError ? caught.issues : undefined;
  return issues && issues.length > 0 ? issues.map((i) => i.message).join('; ') : errorMessage(caught);
}

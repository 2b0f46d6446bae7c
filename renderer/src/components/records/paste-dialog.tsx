import { useEffect, useRef, useState } from 'react';
import { useModal } from '../../hooks/use-modal';
import type { ImportResult } from '../../../../shared/api/evidence-schemas';
import type { BulkPreview, BulkRow } from '../../../../shared/evidence/bulk';
import { gridColumns } from '../../../../shared/evidence/grid';
import { recordKindLabels, type RecordKind } from '../../../../shared/evidence/record-payloads';
import { api, errorMessage } from '../../api/client';
import { useRecordsStore } from '../../stores/records-store';

const examples: Partial<Record<RecordKind, string>> = {
  indicator: 'type,value,tlp,note\nip,203.0.113[.]7,amber,C2 seen in proxy logs\ndomain,evil[.]example,red,',
  system: 'host name,addresses,os,state\nFIN-FS01,10.0.4.12,Windows Server 2019,compromised',
  account: 'account,domain,kind,state\nsvc-backup,CORP,service,compromised',
  malware: 'name,category,hash,where found\nmimikatz.exe,tool,,C:\\Windows\\Temp',
  exfiltration: 'what data,from,to,when\nPayroll export,FIN-FS01,mega.nz,2026-11-23 02:10 +01:00',
};

function resultOf(row: BulkRow): string {
  if (!row.ok) return row.errors.join('; ');
  if (row.duplicate) return `Skipped: ${row.duplicate}`;
  const f = row.fields as Record<string, unknown>;
  if ('value' in f && typeof f['value'] === 'string') return `OK — ${String(f['type'])} ${f['value']}`;
  return 'OK';
}

/** Rows pasted from a spreadsheet or CSV, checked row by row before anything is written: all or nothing, or explicitly only the good rows. */
export function PasteDialog({ caseId, kind, onClose }: { caseId: string; kind: RecordKind; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog);
  const runCommand = useRecordsStore((s) => s.run);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const previewTable = useRef<HTMLDivElement>(null);
  const labels = recordKindLabels[kind];

  // The first bad row may sit far down a long paste: bring it into view, so what blocks the import is seen.
  useEffect(() => {
    if (preview && preview.bad > 0) previewTable.current?.querySelector('tr.bad-row')?.scrollIntoView({ block: 'nearest' });
  }, [preview]);

  async function check() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setPreview(await api.send('record.previewImport', { caseId, kind, text }));
    } catch (caught) {
      setPreview(null);
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function importRows(skipBadRows: boolean) {
    setBusy(true);
    setError(null);
    try {
      setResult(await runCommand(caseId, kind, () => api.send('record.import', { caseId, kind, text, ...(skipBadRows ? { skipBadRows } : {}) })));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const used = preview?.columns.filter((c): c is { header: string; key: string } => c.key !== null) ?? [];
  const ignored = preview?.columns.filter((c) => c.key === null && c.header.trim() !== '') ?? [];
  const columnLabel = (key: string) => gridColumns[kind].find((c) => c.key === key)?.label ?? key;

  return (
    <dialog ref={dialog} className="dialog paste-dialog" aria-labelledby="paste-title" onClose={onClose}>
      <h2 id="paste-title">Paste {labels.many}</h2>
      {result ? (
        <div role="status" className="paste-result">
          <p className="success">
            Imported {result.imported} {result.imported === 1 ? labels.one : labels.many}.
          </p>
          {(result.skippedBadRows > 0 || result.skippedDuplicates > 0) && (
            <p className="muted">
              Skipped {result.skippedBadRows} bad {result.skippedBadRows === 1 ? 'row' : 'rows'} and {result.skippedDuplicates} {result.skippedDuplicates === 1 ? 'duplicate' : 'duplicates'}.
            </p>
          )}
        </div>
      ) : (
        <>
          <label className="compact">
            Rows from a spreadsheet or a CSV file, with a header row{kind === 'indicator' ? ' (or indicators alone, one per line)' : ''}
            <textarea
              autoFocus
              className="mono"
              rows={7}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPreview(null);
              }}
              placeholder={examples[kind]}
              spellCheck={false}
            />
          </label>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          {preview && (
            <div className="paste-preview">
              <p className={preview.bad > 0 ? 'field-error' : 'muted'} role="status">
                {preview.rows.length} {preview.rows.length === 1 ? 'row' : 'rows'}: {preview.good} good, {preview.bad} bad
                {preview.duplicates > 0 && `, ${preview.duplicates} already recorded`}.{preview.bad > 0 && ' Nothing is imported while a row is bad.'}
              </p>
              {ignored.length > 0 && <p className="hint">Ignored columns: {ignored.map((c) => c.header).join(', ')}</p>}
              <div className="preview-scroll" ref={previewTable}>
                <table className="grid preview-table" aria-label="Rows to import">
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      {used.map((c) => (
                        <th key={c.key} scope="col">
                          {columnLabel(c.key)}
                        </th>
                      ))}
                      <th scope="col">Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row) => (
                      <tr key={row.row} className={!row.ok ? 'bad-row' : row.duplicate ? 'dup-row' : undefined}>
                        <td className="num">{row.row}</td>
                        {used.map((c) => (
                          <td key={c.key} className={c.key === 'value' ? 'mono' : c.key === 'type' || c.key === 'tlp' ? 'nowrap' : undefined}>
                            {row.cells[c.key]}
                          </td>
                        ))}
                        <td className={row.ok ? 'row-result' : 'row-result field-error'}>{resultOf(row)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )}
        </>
      )}
      <div className="actions">
        {!result && !preview && (
          <button type="button" className="primary" onClick={() => void check()} disabled={busy || text.trim() === ''}>
            {busy ? 'Checking…' : 'Check rows'}
          </button>
        )}
        {!result && preview && preview.bad > 0 && preview.good > 0 && (
          <button type="button" onClick={() => void importRows(true)} disabled={busy}>
            Import only the {preview.good} good {preview.good === 1 ? 'row' : 'rows'}
          </button>
        )}
        {!result && preview && (
          <button type="button" className="primary" onClick={() => void importRows(false)} disabled={busy || preview.bad > 0 || preview.good === 0}>
            Import {preview.good} {preview.good === 1 ? 'row' : 'rows'}
          </button>
        )}
        <button type="button" onClick={() => dialog.current?.close()}>
          {result ? 'Close' : 'Cancel'}
        </button>
      </div>
    </dialog>
  );
}

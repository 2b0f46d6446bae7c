import { useEffect, useMemo, useState } from 'react';
import { recordKindLabels, recordKinds, type RecordKind } from '../../../../shared/evidence/record-payloads';
import { api, errorMessage } from '../../api/client';
import { useRecordsStore } from '../../stores/records-store';
import type { CaseDetail } from '../../stores/case-store';
import { downloadText } from '../evidence/evidence-format';
import { TabList, type TabSpec } from '../workspace/tabs';
import { AddRecordForm } from './add-record-form';
import { PasteDialog } from './paste-dialog';
import { RecordGrid } from './record-grid';
import './records.css';

const tabLabels: Record<RecordKind, string> = { indicator: 'Indicators', system: 'Systems', account: 'Accounts', malware: 'Malware and tools', exfiltration: 'Exfiltration' };

const emptyText: Record<RecordKind, string> = {
  indicator: 'No indicators recorded yet. Add addresses, domains, URLs and hashes seen in this incident — defanged values are fine.',
  system: 'No systems recorded yet. List the hosts involved and their state: suspected, compromised, contained, cleaned.',
  account: 'No accounts recorded yet. List the accounts used or abused, and whether they were disabled or reset.',
  malware: 'No malware or tools recorded yet. Note what was found, where, and its hash.',
  exfiltration: 'No exfiltration recorded yet. Note what data left, from where, to where and when.',
};

/** The investigation records of the case, one grid per kind. */
export function RecordsTab({ state }: { state: CaseDetail }) {
  const caseId = state.id;
  const [kind, setKind] = useState<RecordKind>('indicator');
  const [adding, setAdding] = useState(false);
  const [pasting, setPasting] = useState(false);
  // Defanged by default: an exported list is usually sent on by mail or chat, where live links get clicked.
  const [defanged, setDefanged] = useState(true);
  const [exportMessage, setExportMessage] = useState<{ error: boolean; text: string } | null>(null);
  const rows = useRecordsStore((s) => (s.caseId === caseId ? s.rows[kind] : undefined));
  const error = useRecordsStore((s) => (s.caseId === caseId ? s.errors[kind] : undefined));
  const systemNames = useRecordsStore((s) => s.systemNames);
  const load = useRecordsStore((s) => s.load);
  const labels = useMemo(() => ({ systems: systemNames }), [systemNames]);

  useEffect(() => {
    void load(caseId, kind);
  }, [caseId, kind, load]);

  async function exportCsv() {
    setExportMessage(null);
    try {
      const csv = await api.send('record.exportCsv', { caseId, kind, ...(kind === 'indicator' ? { defanged } : {}) });
      downloadText(csv.csv, csv.fileName, 'text/csv');
      setExportMessage({ error: false, text: `Saved ${csv.fileName} (${csv.rows} ${csv.rows === 1 ? 'row' : 'rows'}).` });
    } catch (caught) {
      setExportMessage({ error: true, text: errorMessage(caught) });
    }
  }

  const tabs: TabSpec<RecordKind>[] = recordKinds.map((k) => ({ key: k, label: tabLabels[k] }));
  const prefix = `records-${caseId}`;
  const live = rows?.filter((r) => !r.retracted).length ?? 0;

  return (
    <div className="records-tab">
      <TabList
        label="Kinds of record"
        idPrefix={prefix}
        tabs={tabs}
        active={kind}
        onChange={(k) => {
          setKind(k);
          setAdding(false);
          setExportMessage(null);
        }}
      />
      <p className="hint records-intro">What the investigation found, one table per kind; the indicators can go to the coordinator and other teams.</p>
      <div role="tabpanel" id={`${prefix}-panel-${kind}`} aria-labelledby={`${prefix}-tab-${kind}`} className="records-panel">
        <div className="records-bar">
          <button type="button" className="primary" onClick={() => setAdding(true)} disabled={adding}>
            Add {recordKindLabels[kind].one}…
          </button>
          <button type="button" onClick={() => setPasting(true)}>
            Paste rows…
          </button>
          <button type="button" onClick={() => void exportCsv()} disabled={live === 0}>
            Export CSV
          </button>
          {kind === 'indicator' && (
            <label className="check small" title="Writes hxxp://evil[.]com and 1.2.3[.]4 so that nothing in the file can be clicked by accident; tools that read indicators, Outpost included, turn them back">
              <input type="checkbox" checked={defanged} onChange={(e) => setDefanged(e.target.checked)} /> Defanged, safe to share
            </label>
          )}
          {exportMessage && (
            <span className={exportMessage.error ? 'field-error small' : 'hint small'} role={exportMessage.error ? 'alert' : 'status'}>
              {exportMessage.text}
            </span>
          )}
        </div>
        {adding && <AddRecordForm key={`add-${kind}`} caseId={caseId} kind={kind} onDone={() => setAdding(false)} />}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!rows ? (
          !error && (
            <p className="muted" aria-busy="true">
              Loading…
            </p>
          )
        ) : rows.length === 0 ? (
          <div className="empty">
            <p>{emptyText[kind]}</p>
            <p className="muted">Add them one by one, or paste rows from a spreadsheet or CSV file.</p>
          </div>
        ) : (
          <RecordGrid key={`grid-${kind}`} caseId={caseId} kind={kind} rows={rows} labels={labels} />
        )}
      </div>
      {pasting && <PasteDialog caseId={caseId} kind={kind} onClose={() => setPasting(false)} />}
    </div>
  );
}

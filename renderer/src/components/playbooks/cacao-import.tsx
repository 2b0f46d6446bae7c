import { useState } from 'react';
import type { PlaybookImportResult } from '../../../../shared/api/playbook-schemas';
import type { Issue } from '../../../../shared/api/errors';
import { ApiCallError, api, errorMessage } from '../../api/client';

const outcomeText: Record<PlaybookImportResult['outcome'], string> = {
  created: 'Imported as a new playbook.',
  'new-version': 'Imported as a new version of a playbook already in the library.',
  unchanged: 'This playbook is already in the library, unchanged.',
  'dry-run': 'The file can be imported. Nothing has been stored yet.',
};

function Issues({ title, issues }: { title: string; issues: readonly Issue[] }) {
  return (
    <section className="import-issues" aria-label={title}>
      <h3>
        {title} ({issues.length})
      </h3>
      <ul>
        {issues.map((i, n) => (
          <li key={n}>
            {i.message}
            {i.path && <span className="mono small muted"> at {i.path}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A CACAO 2.0 playbook pasted or chosen as a file: checked first, then stored in the library. */
export function CacaoImport({ onOpen }: { onOpen: (playbookId: string) => void }) {
  const [json, setJson] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<PlaybookImportResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: Issue[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean) {
    if (json.trim() === '') return setFailure({ message: 'Paste a CACAO playbook (JSON) or choose a file first.', issues: [] });
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      setResult(await api.send('playbook.importCacao', { json, dryRun }));
    } catch (caught) {
      setFailure({ message: errorMessage(caught), issues: caught instanceof ApiCallError ? (caught.issues ?? []) : [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="import">
      <p className="muted">
        Import a playbook in the CACAO 2.0 format (JSON), e.g. one shared by your coordinator or a national CSIRT. What the checklist cannot show (agents, targets,
        automated commands, variables) is kept and written back on export.
      </p>
      <div className="import-source">
        <label className="compact">
          Choose a file
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setFileName(file.name);
              setResult(null);
              setFailure(null);
              file.text().then(setJson, (err: unknown) => setFailure({ message: `Could not read ${file.name}: ${errorMessage(err)}`, issues: [] }));
            }}
          />
        </label>
        {fileName && <span className="small muted">Read from {fileName}</span>}
      </div>
      <label className="compact">
        Or paste the JSON
        <textarea
          className="mono import-text"
          rows={10}
          value={json}
          spellCheck={false}
          onChange={(e) => {
            setJson(e.target.value);
            setFileName(null);
            setResult(null);
          }}
          placeholder='{ "type": "playbook", "spec_version": "cacao-2.0", … }'
        />
      </label>
      <div className="import-actions">
        <button type="button" disabled={busy} onClick={() => void send(true)}>
          Check
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void send(false)}>
          {busy ? 'Working…' : 'Import'}
        </button>
      </div>
      {failure && (
        <div className="import-failure" role="alert">
          <p className="error">{failure.message}</p>
          {failure.issues.length > 0 && <Issues title="Errors" issues={failure.issues} />}
        </div>
      )}
      {result && (
        <div className="import-result" role="status">
          <p className="success">
            {outcomeText[result.outcome]} “{result.playbook.title}”, {result.playbook.steps.length} top-level steps
            {result.summary && <> (version {result.summary.version})</>}.
          </p>
          {result.summary && (
            <button type="button" onClick={() => result.summary && onOpen(result.summary.id)}>
              Open in the library
            </button>
          )}
          {result.warnings.length > 0 && <Issues title="Warnings" issues={result.warnings} />}
          {result.unrenderable.length > 0 && (
            <section className="import-issues" aria-label="Kept but not shown">
              <h3>Kept but not shown in the checklist ({result.unrenderable.length})</h3>
              <ul>
                {result.unrenderable.map((u, n) => (
                  <li key={n}>
                    {u.where}: {u.what}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </div>
  );
}

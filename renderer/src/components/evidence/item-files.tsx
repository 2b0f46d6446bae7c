import { useId, useState, type DragEvent, type FormEvent } from 'react';
import type { EvidenceFileState, EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { api, errorMessage, fileChooser } from '../../api/client';
import { useEvidenceStore } from '../../stores/evidence-store';
import { formatAt, formatBytes } from './evidence-format';
import { JobProgress } from './job-progress';
import { useJob } from '../../hooks/use-job';

type DesktopBridge = { pathForFile?: (file: File) => string };

/** In the desktop app the preload can tell a dropped file's path; in the browser mode there is none. */
function desktopPathFor(file: File): string | null {
  const bridge = window.outpost as DesktopBridge | undefined;
  if (!bridge?.pathForFile) return null;
  try {
    return bridge.pathForFile(file) || null;
  } catch {
    return null;
  }
}

const statusText: Record<EvidenceFileState['status'], string> = { unverified: 'Unverified', ok: 'Verified', failed: 'FAILED' };

export function StatusBadge({ status }: { status: EvidenceItemState['status'] | EvidenceFileState['status'] }) {
  const text = status === 'no-files' ? 'No files' : statusText[status];
  return <span className={`badge badge-${status}`}>{text}</span>;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="quiet small"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function FileRow({ caseId, file }: { caseId: string; file: EvidenceFileState }) {
  const reload = useEvidenceStore((s) => s.load);
  const exporting = useJob();
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');

  async function exportFile(event: FormEvent) {
    event.preventDefault();
    if (!path.trim()) return;
    await exporting.run(() => api.send('evidence.export', { caseId, itemId: file.itemId, fileId: file.fileId, path: path.trim() }));
    await reload(caseId);
  }

  const last = file.lastVerification;
  const exported = exporting.job?.kind === 'evidence.export' && exporting.job.result ? `Written to ${exporting.job.result.path}` : undefined;
  return (
    <li className={`file-row${file.status === 'failed' ? ' failed' : ''}${file.retracted ? ' retracted' : ''}`} aria-label={`File ${file.name}`}>
      <div className="file-head">
        <span className="file-name">{file.name}</span>
        <span className="muted small">{formatBytes(file.size)}</span>
        <StatusBadge status={file.status} />
        <span className="spacer" />
        {!file.retracted && (
          <button type="button" className="quiet" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            Export file…
          </button>
        )}
      </div>
      <dl className="digests">
        <dt>SHA-256</dt>
        <dd>
          <code className="mono digest" data-testid="sha256">
            {file.sha256}
          </code>
          <CopyButton text={file.sha256} label={`Copy the SHA-256 of ${file.name}`} />
        </dd>
        {file.sha1 && (
          <>
            <dt>SHA-1</dt>
            <dd>
              <code className="mono digest">{file.sha1}</code>
            </dd>
          </>
        )}
        {file.md5 && (
          <>
            <dt>MD5</dt>
            <dd>
              <code className="mono digest">{file.md5}</code>
            </dd>
          </>
        )}
      </dl>
      <p className="small muted">
        Attached {formatAt(file.attachedAt)} by {file.attachedBy}
        {last && ` · last verified ${formatAt(last.at)}: ${last.result === 'ok' ? 'digest matches' : `${last.result.toUpperCase()} — ${last.detail}`}`}
        {file.failures > 0 && file.status === 'ok' && ` · ${file.failures} earlier failed verification${file.failures === 1 ? '' : 's'}`}
      </p>
      {file.retracted && <p className="retraction">Retracted by {file.retracted.by}: {file.retracted.reason}</p>}
      {open && (
        <form className="path-form" aria-label={`Export ${file.name}`} onSubmit={(e) => void exportFile(e)} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)} noValidate>
          <label className="compact grow">
            Export to (absolute path of a new file, or an existing folder)
            <input autoFocus className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/media/usb/case-42/" />
          </label>
          <button type="submit" className="primary" disabled={exporting.running || !path.trim()}>
            Export
          </button>
        </form>
      )}
      {exporting.error && (
        <p className="field-error" role="alert">
          {exporting.error}
        </p>
      )}
      {exporting.job && <JobProgress job={exporting.job} onCancel={() => void exporting.cancel()} {...(exported ? { outcome: exported } : {})} />}
    </li>
  );
}

/** The item's files with their digests and verification state, and the intake of a new file. */
export function ItemFiles({ caseId, item }: { caseId: string; item: EvidenceItemState }) {
  const reload = useEvidenceStore((s) => s.load);
  const intake = useJob();
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const [dropError, setDropError] = useState<string | null>(null);
  const desktop = api.transport === 'ipc';
  const chooseFile = fileChooser();
  const hintId = useId();

  async function choose() {
    if (!chooseFile) return;
    setDropError(null);
    try {
      const chosen = await chooseFile(`Attach a file to ${item.exhibit}`);
      if (chosen) await attach(chosen);
    } catch (caught) {
      setDropError(errorMessage(caught));
    }
  }

  async function attach(filePath: string) {
    setDropError(null);
    const view = await intake.run(() => api.send('evidence.attach', { caseId, itemId: item.id, path: filePath }));
    if (view?.state === 'done') setPath('');
    await reload(caseId);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    const dropped = desktopPathFor(file);
    if (!dropped) return setDropError('The path of a dropped file is not available here; type its path instead.');
    void attach(dropped);
  }

  const done = intake.job?.kind === 'evidence.intake' && intake.job.result ? intake.job.result : null;
  const outcome = done ? (done.deduplicated ? `Attached ${done.name}: the same content was already in the vault.` : `Attached ${done.name}.`) : undefined;
  const live = !item.retracted;

  return (
    <section className="item-section" aria-labelledby={`files-${item.id}`}>
      <h3 id={`files-${item.id}`}>Files</h3>
      {item.files.length === 0 ? (
        <p className="muted">No file attached. An item without a file is fine (a seized device, a paper note).</p>
      ) : (
        <ul className="file-list">
          {item.files.map((file) => (
            <FileRow key={file.fileId} caseId={caseId} file={file} />
          ))}
        </ul>
      )}
      {live && (
        <div
          className={`attach-zone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <form
            className="path-form"
            aria-label="Attach a file"
            onSubmit={(e) => {
              e.preventDefault();
              if (path.trim()) void attach(path.trim());
            }}
            noValidate
          >
            <label className="compact grow">
              Attach file… (absolute path{desktop ? ', or drop the file here' : ''})
              <input className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/evidence/fin-fs01.E01" disabled={intake.running} aria-describedby={desktop ? undefined : hintId} />
            </label>
            <button type="submit" disabled={intake.running || !path.trim()}>
              Attach
            </button>
            {chooseFile && (
              <button type="button" onClick={() => void choose()} disabled={intake.running}>
                Choose file…
              </button>
            )}
          </form>
          {!desktop && <p id={hintId} className="hint small">In the browser version, type the full path of the file on this computer; the desktop app opens the system file dialog.</p>}
          <p className="hint small">The file is hashed (SHA-256) and stored encrypted in the vault; the original is not changed.</p>
          {(dropError ?? intake.error) && (
            <p className="field-error" role="alert">
              {dropError ?? intake.error}
            </p>
          )}
          {intake.job && <JobProgress job={intake.job} onCancel={() => void intake.cancel()} {...(outcome ? { outcome } : {})} />}
        </div>
      )}
    </section>
  );
}

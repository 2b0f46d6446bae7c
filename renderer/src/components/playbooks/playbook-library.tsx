import { useCallback, useEffect, useState } from 'react';
import type { PlaybookDetail, PlaybookSummary } from '../../../../shared/api/playbook-schemas';
import { phaseLabels } from '../../../../shared/playbooks/model';
import { visitSteps } from '../../../../shared/playbooks/walk';
import { api, errorMessage } from '../../api/client';
import { formatCategory, formatDateTime } from '../../format';
import { useSyncStore } from '../../stores/sync-store';
import { useAction } from '../../hooks/use-action';
import { PlaybookEditor } from './playbook-editor';

/** Saves a text as a file through a Blob link, which works the same in the app and in the browser. */
export function download(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Outline({ detail }: { detail: PlaybookDetail }) {
  const visits = visitSteps(detail.playbook.steps);
  return (
    <ol className="outline" aria-label="Steps">
      {visits.map(({ step, depth, parent }) => (
        <li key={`${parent?.stepId ?? ''}/${parent?.branch ?? ''}/${step.id}`} style={{ marginLeft: `${depth * 1.4}rem` }}>
          <span className="outline-phase">{phaseLabels[step.phase]}</span>
          <span className="outline-title">
            {parent?.branch !== undefined && step.kind !== 'decision' && depth > 0 && <BranchTag detail={detail} stepId={parent.stepId} branch={parent.branch} />}
            {step.title}
          </span>
          <span className="outline-role small muted">{step.role ?? ''}</span>
        </li>
      ))}
    </ol>
  );
}

/** Under a decision: the answer the step belongs to; under parallel steps (numbered branches inside) plain words instead of “branch n”. */
function BranchTag({ detail, stepId, branch }: { detail: PlaybookDetail; stepId: string; branch: string }) {
  const parent = visitSteps(detail.playbook.steps).find((v) => v.step.id === stepId)?.step;
  if (parent?.kind === 'decision') return <span className="tag">if {parent.branches.find((b) => b.key === branch)?.label ?? branch}</span>;
  return (
    <span className="tag" title="These steps can be worked at the same time as the others under the same heading">
      at the same time
    </span>
  );
}

/** Built-in and local playbooks: view, copy and edit, retire or restore, export as CACAO. */
export function PlaybookLibrary({ initialId }: { initialId: string | null }) {
  const [list, setList] = useState<PlaybookSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(initialId);
  const [detail, setDetail] = useState<PlaybookDetail | null>(null);
  const [editing, setEditing] = useState<PlaybookDetail | null>(null);
  const { busy, error, setError, run } = useAction();
  const [message, setMessage] = useState<string | null>(null);
  const [showHidden, setShowHidden] = useState(false);
  // Only the coordinator publishes playbooks to the team (the alerts read says which vault this is).
  const coordinator = useSyncStore((st) => st.alerts?.coordinator === true);

  const reload = useCallback(async () => {
    try {
      setList(await api.send('playbook.list', { includeRetired: true }));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!selected) return setDetail(null);
    let current = true;
    api.send('playbook.get', { id: selected }).then(
      (d) => current && setDetail(d),
      (e: unknown) => current && setError(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [selected, list]);

  function act(work: () => Promise<void>) {
    setMessage(null);
    return run(work);
  }

  if (editing) {
    return (
      <PlaybookEditor
        detail={editing}
        onCancel={() => setEditing(null)}
        onSaved={async (saved) => {
          setEditing(null);
          setSelected(saved.summary.id);
          setMessage(`Saved “${saved.playbook.title}” as version ${saved.playbook.version}.`);
          await reload();
        }}
      />
    );
  }

  const groups: Array<[string, PlaybookSummary[]]> = [
    ['Built-in', (list ?? []).filter((p) => p.origin === 'builtin' && !p.retired)],
    ['This vault', (list ?? []).filter((p) => p.origin === 'local' && !p.retired)],
    // Built-ins are never retired, only hidden from the attach list (the library keeps their retired flag); hidden ones show on request.
    ['Hidden', showHidden ? (list ?? []).filter((p) => p.origin === 'builtin' && p.retired) : []],
    ['Retired', (list ?? []).filter((p) => p.origin === 'local' && p.retired)],
  ];
  const hiddenCount = (list ?? []).filter((p) => p.origin === 'builtin' && p.retired).length;
  const s = detail?.summary;

  return (
    <div className="library">
      <nav className="library-list" aria-label="Playbooks in the library">
        {!list && !error && <p className="muted pad">Loading…</p>}
        {groups.map(([label, items]) =>
          items.length === 0 ? null : (
            <section key={label}>
              <h3 className="library-group">{label}</h3>
              <ul>
                {items.map((p) => (
                  <li key={p.id}>
                    <button type="button" className={p.id === selected ? 'library-row selected' : 'library-row'} aria-current={p.id === selected ? 'true' : undefined} onClick={() => setSelected(p.id)}>
                      <span className="case-title">{p.title}</span>
                      <span className="small muted">
                        v{p.version} · {p.stepCount} steps
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ),
        )}
        {hiddenCount > 0 && (
          <label className="inline-check pad small">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
            Show {hiddenCount} hidden
          </label>
        )}
      </nav>
      <section className="library-detail" aria-label="Playbook">
        {message && (
          <p className="success" role="status">
            {message}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!s || !detail ? (
          <p className="muted">Choose a playbook to see its phases and steps. Built-in playbooks cannot be changed: copy one to adapt it to your site.</p>
        ) : (
          <>
            <div className="library-detail-head">
              <h2>{s.title}</h2>
              <span className="tag">version {s.version}</span>
              <span className="tag">{s.origin === 'builtin' ? 'Built-in' : 'Local'}</span>
              {s.retired && <span className="tag warn">{s.origin === 'builtin' ? 'Hidden' : 'Retired'}</span>}
            </div>
            <p className="small muted">
              {s.categories.map(formatCategory).join(', ') || 'Any category'}
              {s.modified && <> · saved {formatDateTime(s.modified)}</>}
              {s.versions.length > 1 && <> · versions {s.versions.join(', ')}</>}
            </p>
            {s.summary && <p className="multiline">{s.summary}</p>}
            <div className="library-actions">
              {s.origin === 'local' && !s.retired && (
                <button type="button" className="primary" disabled={busy} onClick={() => setEditing(detail)}>
                  Edit (new version)
                </button>
              )}
              <button
                type="button"
                className={s.origin === 'builtin' ? 'primary' : undefined}
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    const copy = await api.send('playbook.copy', { id: s.id });
                    await reload();
                    setSelected(copy.summary.id);
                    setEditing(copy);
                  })
                }
              >
                Copy and edit
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    const out = await api.send('playbook.exportCacao', { id: s.id });
                    download(out.fileName, out.json);
                    setMessage(`Exported as ${out.fileName}.`);
                  })
                }
              >
                Export CACAO
              </button>
              {coordinator && s.origin === 'local' && (
                <button
                  type="button"
                  disabled={busy}
                  title="Every field device gets this version in its library with the next sync; checklists on an older version say a newer one is there"
                  onClick={() =>
                    void act(async () => {
                      await api.send('playbook.publish', { id: s.id });
                      setMessage(`Version ${s.version} of “${s.title}” goes to the team with the next sync.`);
                    })
                  }
                >
                  Send to the team
                </button>
              )}
              {s.origin === 'builtin' ? (
                <button
                  type="button"
                  disabled={busy}
                  title={s.retired ? 'Offer it again when attaching a playbook' : 'Not offered when attaching a playbook; cases that use it keep it. Undo with “Show again”.'}
                  onClick={() =>
                    void act(async () => {
                      await api.send('playbook.retire', { id: s.id, retired: !s.retired });
                      setMessage(s.retired ? `“${s.title}” is offered again when attaching a playbook.` : `“${s.title}” is hidden: it is no longer offered when attaching a playbook. The “Show … hidden” box below the list brings it back.`);
                      await reload();
                    })
                  }
                >
                  {s.retired ? 'Show again' : 'Hide'}
                </button>
              ) : (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void act(async () => {
                      await api.send('playbook.retire', { id: s.id, retired: !s.retired });
                      setMessage(s.retired ? `“${s.title}” can be attached again.` : `“${s.title}” is retired: cases that use it keep it, new cases cannot attach it.`);
                      await reload();
                    })
                  }
                >
                  {s.retired ? 'Restore' : 'Retire'}
                </button>
              )}
            </div>
            {detail.playbook.audience && <p className="multiline small"><span className="muted">For: </span>{detail.playbook.audience}</p>}
            <p className="small muted">Phases: {s.phases.map((p) => phaseLabels[p]).join(' → ')}</p>
            <Outline detail={detail} />
          </>
        )}
      </section>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { PlaybookSummary } from '../../../../shared/api/playbook-schemas';
import { api, errorMessage } from '../../api/client';
import { formatCategory } from '../../format';
import type { CaseDetail } from '../../stores/case-store';
import { useChecklistStore } from '../../stores/checklist-store';
import { useTeamStore } from '../../stores/team-store';
import { rankPlaybooks } from '../../../../shared/playbooks/recommend';
import { ChecklistRunView } from './checklist-run';
import { showRun } from './playbook-link-action';
import { StatusSuggestion } from './status-suggestion';
import './playbooks.css';

/** The whole library to choose from, the recommended playbooks first with why, each with when to use it. */
function AttachPicker({ state, attachedIds, onClose }: { state: CaseDetail; attachedIds: Set<string>; onClose: (returnFocus: boolean) => void }) {
  const attach = useChecklistStore((s) => s.attach);
  const [playbooks, setPlaybooks] = useState<PlaybookSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    // Focus is in the picker from the start, so Escape closes it even while the library loads.
    section.current?.focus();
    api.send('playbook.list', {}).then(setPlaybooks, (e: unknown) => setError(errorMessage(e)));
  }, []);

  const ranked = playbooks ? rankPlaybooks(playbooks, state.category) : [];

  async function choose(p: PlaybookSummary) {
    setBusy(p.id);
    setError(null);
    try {
      await attach({ caseId: state.id, playbookId: p.id });
      onClose(false);
      // Work goes on in the checklist just attached: focus its title.
      const run = useChecklistStore.getState().view?.runs.find((r) => r.playbookId === p.id && !r.detached);
      if (run) requestAnimationFrame(() => showRun(run.runId));
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(null);
    }
  }

  return (
    <section
      ref={section}
      tabIndex={-1}
      className="attach-picker"
      aria-label="Attach a playbook"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose(true);
        }
      }}
    >
      <div className="attach-picker-head">
        <h3>Attach a playbook</h3>
        <span className="hint">A playbook turns into this case’s checklist. The best fit for {formatCategory(state.category).toLowerCase()} comes first.</span>
        <button type="button" className="quiet" onClick={() => onClose(true)}>
          Close
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!playbooks ? (
        !error && <p className="muted" aria-busy="true">Loading the library…</p>
      ) : (
        <ul className="attach-list">
          {ranked.map(({ playbook: p, best, why }, i) => {
            const attached = attachedIds.has(p.id);
            return (
              <li key={p.id} className={best ? 'attach-row recommended' : 'attach-row'}>
                <div className="attach-info">
                  <span className="attach-title">
                    {p.title}
                    {best && <span className="tag tag-ok">Recommended</span>}
                    <span className="tag">{p.origin === 'builtin' ? 'Built-in' : 'Local'}</span>
                  </span>
                  {why && <span className={best ? 'attach-why best' : 'attach-why'}>{why}</span>}
                  {p.summary && (
                    <span className="attach-when">
                      <strong>Use this when:</strong> {p.summary}
                    </span>
                  )}
                  <span className="small muted">
                    v{p.version} · {p.stepCount} steps · {p.categories.map(formatCategory).join(', ') || 'any category'}
                  </span>
                </div>
                <button
                  type="button"
                  autoFocus={i === 0}
                  className={best ? 'primary' : undefined}
                  disabled={attached || busy !== null}
                  aria-label={`Attach ${p.title}`}
                  onClick={() => void choose(p)}
                >
                  {attached ? 'Attached' : busy === p.id ? 'Attaching…' : 'Attach'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The playbooks run as checklists in this case. */
export function ChecklistTab({ state }: { state: CaseDetail }) {
  const load = useChecklistStore((s) => s.load);
  const view = useChecklistStore((s) => (s.caseId === state.id ? s.view : null));
  const error = useChecklistStore((s) => (s.caseId === state.id ? s.error : null));
  const [picking, setPicking] = useState(false);
  const attachButton = useRef<HTMLButtonElement>(null);
  const [showDetached, setShowDetached] = useState(false);

  const loadTeam = useTeamStore((s) => s.load);

  useEffect(() => {
    void load(state.id);
  }, [load, state.id]);
  // Notify and escalate steps name the team's lists: read them with the checklist.
  useEffect(() => {
    void loadTeam();
  }, [loadTeam]);

  if (error && !view) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (!view) return <p className="muted" aria-busy="true">Loading the checklists…</p>;

  const live = view.runs.filter((r) => !r.detached);
  const detached = view.runs.filter((r) => r.detached);
  const attachedIds = new Set(live.map((r) => r.playbookId));

  return (
    <div className="checklist-tab">
      <div className="checklist-bar">
        <button ref={attachButton} type="button" className="primary" onClick={() => setPicking((p) => !p)} aria-expanded={picking}>
          Attach a playbook
        </button>
        {detached.length > 0 && (
          <label className="inline-check">
            <input type="checkbox" checked={showDetached} onChange={(e) => setShowDetached(e.target.checked)} />
            Show {detached.length} removed
          </label>
        )}
      </div>
      <StatusSuggestion state={state} view={view} />
      {picking && (
        <AttachPicker
          state={state}
          attachedIds={attachedIds}
          onClose={(returnFocus) => {
            setPicking(false);
            if (returnFocus) attachButton.current?.focus();
          }}
        />
      )}
      {live.length === 0 && !picking && (
        <div className="empty">
          <p>No playbook is attached to this case yet.</p>
          <p className="muted">A playbook becomes a checklist of this case: each step is marked done, skipped or blocked with who and when, and the case keeps the version it started with.</p>
        </div>
      )}
      {live.map((run) => (
        <ChecklistRunView key={run.runId} caseId={state.id} run={run} notes={state.notes} />
      ))}
      {showDetached &&
        detached.map((run) => <ChecklistRunView key={run.runId} caseId={state.id} run={run} notes={state.notes} />)}
    </div>
  );
}

import { useState } from 'react';
import type { ChecklistView } from '../../../../shared/api/playbook-schemas';
import type { CaseStatus } from '../../../../shared/domain/taxonomy';
import { useAction } from '../../hooks/use-action';
import { setCaseField } from '../../stores/case-actions';
import type { CaseDetail } from '../../stores/case-store';

const EARLY = new Set(['prepare', 'verify']);

/**
 * Once checklist work has started on a case still marked "New", offers to
 * move its status on (issue 16 item 5): to Triage while the work is
 * preparing and verifying, to Responding once a later phase has begun.
 */
export function StatusSuggestion({ state, view }: { state: CaseDetail; view: ChecklistView }) {
  const [dismissed, setDismissed] = useState(false);
  const { busy, error, run } = useAction();
  if (state.status !== 'new' || dismissed) return null;
  const worked = view.runs.filter((r) => !r.detached).flatMap((r) => r.items.filter((i) => i.changed && i.status !== 'open'));
  if (worked.length === 0) return null;
  const next: CaseStatus = worked.every((i) => EARLY.has(i.phase)) ? 'triage' : 'responding';
  const label = next === 'triage' ? 'Triage' : 'Responding';
  return (
    <div className="banner banner-notice status-suggestion" role="status" data-testid="status-suggestion">
      <span className="grow">Work on the checklist has started, but the case is still marked “New”.</span>
      <button type="button" className="primary" disabled={busy} onClick={() => void run(() => setCaseField(state, 'status', next))}>
        Set status to {label}
      </button>
      <button type="button" className="quiet" onClick={() => setDismissed(true)}>
        Not now
      </button>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}

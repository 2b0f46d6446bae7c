import { capitalize, formatCategory } from '../../format';
import type { CaseDetail } from '../../stores/case-store';

/** The case's name and, at a glance, where it stands. */
export function CaseHeader({ state }: { state: CaseDetail }) {
  return (
    <header className="workspace-header">
      <h1 id="case-title">{state.title}</h1>
      <ul className="chips" aria-label="Case at a glance">
        <li className={`chip status-chip status-${state.status}`}>
          <span className="visually-hidden">Status: </span>
          {capitalize(state.status)}
        </li>
        <li className={`chip priority-chip priority-${state.priority}`}>
          <span className="visually-hidden">Priority: </span>
          {capitalize(state.priority)}
        </li>
        <li className="chip">
          <span className="visually-hidden">Category: </span>
          {formatCategory(state.category)}
        </li>
        {state.site.trim() && (
          <li className="chip">
            <span className="visually-hidden">Site: </span>
            {state.site}
          </li>
        )}
      </ul>
    </header>
  );
}

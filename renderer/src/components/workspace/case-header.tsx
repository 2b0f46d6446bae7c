import { capitalize, formatCategory } from '../../format';
import { useCaseStore, type CaseDetail } from '../../stores/case-store';
import { ChecklistProgress } from '../checklist-progress';

/** The case's name and, at a glance, where it stands. */
export function CaseHeader({ state }: { state: CaseDetail }) {
  const checklist = useCaseStore((s) => s.cases.find((c) => c.id === state.id)?.checklist);
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
        {checklist && checklist.total > 0 && (
          <li className="chip">
            <ChecklistProgress summary={checklist} />
          </li>
        )}
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

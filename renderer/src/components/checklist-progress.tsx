import type { ChecklistSummary } from '../../../shared/playbooks/checklist-fold';

/** A case's checklist work in a few words: "Checklist 6/16 · 1 blocked" (issue 16 item 5). */
export function ChecklistProgress({ summary, className }: { summary: ChecklistSummary | null | undefined; className?: string }) {
  if (!summary || summary.total === 0) return null;
  const percent = Math.floor((100 * summary.complete) / summary.total);
  return (
    <span className={className ? `checklist-progress ${className}` : 'checklist-progress'} title={`${summary.complete} of ${summary.total} checklist steps done, skipped or not applicable (${percent} %)`}>
      <span className="checklist-meter" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </span>
      Checklist {summary.complete}/{summary.total}
      {summary.blocked > 0 && <span className="blocked-count"> · {summary.blocked} blocked</span>}
    </span>
  );
}

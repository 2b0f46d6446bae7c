import type { CaseConflict } from '../../../../shared/events/fold';
import { plural } from '../../format';

function summary(conflicts: readonly CaseConflict[]): string {
  const count = (kind: CaseConflict['kind']) => conflicts.filter((c) => c.kind === kind).length;
  const parts = [
    count('field') > 0 ? plural(count('field'), 'field') : '',
    count('note') > 0 ? plural(count('note'), 'note') : '',
    count('timeline') > 0 ? plural(count('timeline'), 'timeline entry', 'timeline entries') : '',
  ].filter(Boolean);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}` : (parts[0] ?? '');
  return `${list} ${conflicts.length === 1 ? 'was' : 'were'} changed on two devices at once`;
}

/** Says that the case holds competing values, and takes the user to the first one. */
export function ConflictBanner({ conflicts, onReview }: { conflicts: readonly CaseConflict[]; onReview: () => void }) {
  if (conflicts.length === 0) return null;
  return (
    <div className="banner banner-conflict" role="status">
      <span>
        <strong>{summary(conflicts)}</strong> — review them and keep one value of each.
      </span>
      <button type="button" onClick={onReview}>
        Review
      </button>
    </div>
  );
}

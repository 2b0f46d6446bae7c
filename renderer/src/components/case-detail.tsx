import { useCaseStore } from '../stores/case-store';
import { capitalize, formatCategory, formatDateTime } from '../format';

export function CaseDetailPane() {
  const selectedId = useCaseStore((s) => s.selectedId);
  const detail = useCaseStore((s) => s.detail);
  const detailError = useCaseStore((s) => s.detailError);

  if (!selectedId) {
    return (
      <section className="case-detail empty-detail" aria-label="Case">
        <p className="muted">Select a case to see its details.</p>
      </section>
    );
  }
  if (detailError) {
    return (
      <section className="case-detail" aria-label="Case">
        <p className="error" role="alert">
          {detailError}
        </p>
      </section>
    );
  }
  if (!detail) return <section className="case-detail" aria-label="Case" aria-busy="true" />;

  return (
    <section className="case-detail" aria-labelledby="case-title">
      <h1 id="case-title">{detail.title}</h1>
      <dl className="fields">
        <dt>Status</dt>
        <dd>{capitalize(detail.status)}</dd>
        <dt>Priority</dt>
        <dd>
          <span className={`priority priority-${detail.priority}`}>{capitalize(detail.priority)}</span>
        </dd>
        <dt>Category</dt>
        <dd>{formatCategory(detail.category)}</dd>
        <dt>Site</dt>
        <dd>{detail.site}</dd>
        <dt>Opened</dt>
        <dd title={detail.openedAt}>
          {formatDateTime(detail.openedAt)} by {detail.openedBy}
        </dd>
        <dt>Case id</dt>
        <dd className="mono">{detail.id}</dd>
      </dl>
    </section>
  );
}

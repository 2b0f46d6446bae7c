import type { ChecklistTimelineEntry } from '../../../../shared/playbooks/checklist-timeline';
import { formatPreciseDateTime, splitDateTime } from '../../format';

/** A timeline line that comes from the checklist: shown where it happened, changed only in the checklist. */
export function ChecklistTimelineItem({ entry }: { entry: ChecklistTimelineEntry }) {
  return (
    <li className="entry timeline-entry from-checklist" aria-label={`Timeline entry at ${formatPreciseDateTime(entry.at)}, from the checklist`}>
      <time className="timeline-at" dateTime={entry.at} title={entry.at}>
        <span className="timeline-time">{splitDateTime(entry.at).time}</span>
        <span className="timeline-date">{splitDateTime(entry.at).date}</span>
      </time>
      <div className="timeline-body">
        <p className="entry-text multiline">{entry.text}</p>
        <div className="entry-meta">
          <span className="tag">from the checklist</span> {entry.run} · <span className="entry-author">{entry.actor}</span>
        </div>
      </div>
    </li>
  );
}

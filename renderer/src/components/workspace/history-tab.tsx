import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { HistoryItem } from '../../../../shared/api/schemas';
import { formatPreciseDateTime, plural, shortDevice } from '../../format';
import { useHistoryPages } from './use-history-pages';

// Fixed-height rows: with tens of thousands of events, measured rows would make
// the scroll bar jump as pages arrive. Long lines are clamped; the full line is
// in the row's title.
const ROW_HEIGHT = 50;
const FETCH_DELAY_MS = 80;

function HistoryRow({ item }: { item: HistoryItem }) {
  return (
    <>
      <time className="history-at" dateTime={item.at} title={item.at}>
        {formatPreciseDateTime(item.at)}
      </time>
      <span className="history-who">
        {/* The roster's name for the device is the one to trust; the text an event gives itself is shown beside it when it differs. */}
        <span className="history-actor" title={item.rosterName && item.rosterName !== item.actor ? `Wrote as “${item.actor}”` : undefined}>
          {item.rosterName ?? item.actor}
          {item.rosterName && item.rosterName !== item.actor && <span className="muted"> (wrote as “{item.actor}”)</span>}
        </span>
        <span className="muted" title={`Device ${item.device}`}>
          device <span className="mono">{shortDevice(item.device)}</span>
        </span>
      </span>
      <span className="history-text" title={item.text}>
        {item.overridden && <span className="tag warn">overridden by a concurrent change</span>}
        {item.text}
      </span>
    </>
  );
}

/** Every event of the case, newest first, in a virtualized list: only the rows in view are in the page. */
export function HistoryTab({ caseId, eventCount }: { caseId: string; eventCount: number }) {
  const { total, itemAt, ensure, error, loaded } = useHistoryPages(caseId, eventCount);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    // Dragging the scroll bar across 50,000 events passes hundreds of pages;
    // fetch only where the list comes to rest.
    const timer = window.setTimeout(() => ensure(first, Math.max(first, last)), FETCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [ensure, first, last]);

  return (
    <div className="history">
      <div className="history-bar">
        <span className="count" aria-live="polite">
          {plural(total, 'event')}
        </span>
        <span className="muted">Newest first. Every change ever made to this case; nothing is removed.</span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="history-head" aria-hidden="true">
        <span>When</span>
        <span>Who</span>
        <span>What</span>
      </div>
      <div ref={scroller} className="history-scroll" tabIndex={0} aria-label="Case history, newest first" aria-busy={!loaded}>
        <div role="list" className="history-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = itemAt(row.index);
            return (
              <div
                key={row.key}
                role="listitem"
                aria-setsize={total}
                aria-posinset={row.index + 1}
                className={item?.overridden ? 'history-row overridden' : 'history-row'}
                style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                {item ? <HistoryRow item={item} /> : <span className="history-loading muted">Loading…</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { CaseSummary } from '../../stores/case-store';
import { capitalize, formatDateTime, plural } from '../../format';

const ROW_HEIGHT = 30;
/** About seven rows; a few cases take only the room they need. */
const MAX_LIST_HEIGHT = ROW_HEIGHT * 7;

/** Words of a case a responder would search it by: title, site, status, category, priority. */
function matches(item: CaseSummary, words: readonly string[]): boolean {
  const text = `${item.title} ${item.site} ${item.status} ${item.category} ${item.priority}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/**
 * The cases to export, out of however many the vault holds: a search, select
 * all that are shown, clear, and a virtualized list so 10,000 rows stay light.
 */
export function ExportCasePicker({ cases, chosen, onChange }: { cases: readonly CaseSummary[]; chosen: ReadonlySet<string>; onChange: (next: Set<string>) => void }) {
  const [query, setQuery] = useState('');
  const readable = useMemo(() => cases.filter((c) => c.problem === undefined), [cases]);
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length === 0 ? readable : readable.filter((c) => matches(c, words));
  }, [readable, query]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const shownChosen = shown.filter((c) => chosen.has(c.id)).length;

  function toggle(id: string) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  }
  function chooseShown() {
    onChange(new Set([...chosen, ...shown.map((c) => c.id)]));
  }
  function clear() {
    onChange(new Set());
  }

  if (readable.length === 0) {
    return (
      <fieldset className="bundle-cases">
        <legend>Cases</legend>
        <p className="muted">No cases in this vault yet.</p>
      </fieldset>
    );
  }
  return (
    <fieldset className="bundle-cases picker">
      <legend>Cases</legend>
      <div className="picker-bar">
        <input
          type="search"
          aria-label="Find cases to export"
          placeholder="Find by title, site, status…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          // Enter in the search must not submit the export form.
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
        <button type="button" onClick={chooseShown} disabled={shown.length === 0 || shownChosen === shown.length}>
          {query.trim() ? `Select the ${plural(shown.length, 'shown case')}` : `Select all ${shown.length.toLocaleString()}`}
        </button>
        <button type="button" onClick={clear} disabled={chosen.size === 0}>
          Clear
        </button>
      </div>
      <p className="hint picker-count" aria-live="polite" data-testid="export-chosen">
        {chosen.size.toLocaleString()} of {plural(readable.length, 'case')} chosen
        {query.trim() ? ` · ${shown.length.toLocaleString()} match “${query.trim()}”` : ''}
      </p>
      {shown.length === 0 ? (
        <p className="muted">No case matches “{query.trim()}”.</p>
      ) : (
        <div ref={scroller} className="picker-scroll" style={{ height: Math.min(shown.length * ROW_HEIGHT, MAX_LIST_HEIGHT) }}>
          <div role="list" aria-label="Cases to export" className="picker-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = shown[row.index]!;
              return (
                <label
                  key={item.id}
                  role="listitem"
                  className="check picker-row"
                  aria-setsize={shown.length}
                  aria-posinset={row.index + 1}
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                >
                  <input type="checkbox" checked={chosen.has(item.id)} onChange={() => toggle(item.id)} />
                  <span className="picker-title">{item.title}</span>
                  <span className="hint picker-meta">
                    {capitalize(item.status)}
                    {item.site ? ` · ${item.site}` : ''} · {formatDateTime(item.updatedAt)}
                  </span>
                </label>
              );
            })}
          </div>
        </div>
      )}
    </fieldset>
  );
}

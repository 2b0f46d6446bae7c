import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** `hint`: one line that says what a tab holds, where its name alone may not. */
export type TabSpec<K extends string> = { key: K; label: string; badge?: string; hint?: string };

type Props<K extends string> = {
  label: string;
  idPrefix: string;
  tabs: readonly TabSpec<K>[];
  active: K;
  onChange: (key: K) => void;
};

/**
 * The WAI-ARIA tabs pattern: one tab stop for the whole list, arrow keys,
 * Home and End move between tabs and open them (the panels are cheap to show).
 */
export function TabList<K extends string>({ label, idPrefix, tabs, active, onChange }: Props<K>) {
  const refs = useRef(new Map<K, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.key === active);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (!next) return;
    onChange(next.key);
    refs.current.get(next.key)?.focus();
  }

  return (
    <div className="tablist" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.key === active;
        return (
          <button
            key={tab.key}
            ref={(element) => {
              if (element) refs.current.set(tab.key, element);
              else refs.current.delete(tab.key);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.key}`}
            aria-selected={selected}
            aria-controls={`${idPrefix}-panel-${tab.key}`}
            tabIndex={selected ? 0 : -1}
            className="tab"
            title={tab.hint}
            onClick={() => onChange(tab.key)}
          >
            {tab.label}
            {tab.badge !== undefined && (
              <>
                {' '}
                <span className="tab-badge">{tab.badge}</span>
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel<K extends string>({ idPrefix, tab, className, children }: { idPrefix: string; tab: K; className?: string | undefined; children: ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={`${idPrefix}-panel-${tab}`}
      aria-labelledby={`${idPrefix}-tab-${tab}`}
      className={className ? `tabpanel ${className}` : 'tabpanel'}
      tabIndex={0}
    >
      {children}
    </div>
  );
}

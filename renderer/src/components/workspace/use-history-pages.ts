import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryItem } from '../../../../shared/api/schemas';
import { api, errorMessage } from '../../api/client';

export const HISTORY_PAGE_SIZE = 200;

/**
 * The case history fetched a page at a time, only for the rows the list
 * shows, and cached. The history is newest first, so a new event shifts every
 * offset: the caller mounts a fresh hook (a new React key) for a new event count.
 */
export function useHistoryPages(caseId: string, expectedTotal: number) {
  const [pages, setPages] = useState<ReadonlyMap<number, HistoryItem[]>>(() => new Map());
  const [total, setTotal] = useState(expectedTotal);
  const [error, setError] = useState<string | null>(null);
  const requested = useRef(new Set<number>());
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const fetchPage = useCallback(
    async (page: number) => {
      try {
        const result = await api.send('case.history', { id: caseId, offset: page * HISTORY_PAGE_SIZE, limit: HISTORY_PAGE_SIZE });
        if (!live.current) return;
        setPages((previous) => new Map(previous).set(page, result.items));
        setTotal(result.total);
        setError(null);
      } catch (caught) {
        // Forget the request so that scrolling back here tries again.
        requested.current.delete(page);
        if (live.current) setError(errorMessage(caught));
      }
    },
    [caseId],
  );

  /** Makes sure rows first..last (inclusive) are loaded or on their way. */
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / HISTORY_PAGE_SIZE); page <= Math.floor(last / HISTORY_PAGE_SIZE); page++) {
        if (requested.current.has(page)) continue;
        requested.current.add(page);
        void fetchPage(page);
      }
    },
    [fetchPage],
  );

  const itemAt = (index: number): HistoryItem | undefined => pages.get(Math.floor(index / HISTORY_PAGE_SIZE))?.[index % HISTORY_PAGE_SIZE];

  return { total, itemAt, ensure, error, loaded: pages.size > 0 };
}

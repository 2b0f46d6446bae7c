import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * Something a panel shows, read from the API when it mounts and again on
 * `load()` (after a change): null while the first read is under way, and
 * the reason in words when a read failed.
 */
export function useLoaded<T>(read: () => Promise<T>): { value: T | null; error: string | null; load: () => Promise<void> } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The latest read function, so `load` stays the same function across renders.
  const reader = useRef(read);
  reader.current = read;
  const load = useCallback(async () => {
    try {
      setValue(await reader.current());
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);
  useEffect(() => void load(), [load]);
  return { value, error, load };
}

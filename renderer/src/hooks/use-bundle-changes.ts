import { useEffect, useState } from 'react';
import type { BundleChanges } from '../../../shared/api/bundle-schemas';
import { api, errorMessage } from '../api/client';

/** Typing a recipient calls this on every key; wait until the typing stops. */
const SETTLE_MS = 300;

export type ChangesState = { changes: BundleChanges | null; error: string | null; loading: boolean };

/**
 * What an export of everything changed since the last export to
 * `recipients` would hold (none given: the team profile's coordinator).
 * `recipients` null: not asked (a passphrase export). Asked again when the
 * recipients or `version` change (bump it after an export).
 */
export function useBundleChanges(recipients: readonly string[] | null, version: number): ChangesState {
  const [state, setState] = useState<ChangesState>({ changes: null, error: null, loading: recipients !== null });
  const key = recipients === null ? null : JSON.stringify(recipients);
  useEffect(() => {
    if (key === null) {
      setState({ changes: null, error: null, loading: false });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      const list = JSON.parse(key) as string[];
      api.send('bundle.changes', list.length > 0 ? { recipients: list } : {}).then(
        (changes) => current && setState({ changes, error: null, loading: false }),
        (caught: unknown) => current && setState({ changes: null, error: errorMessage(caught), loading: false }),
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, version]);
  return state;
}

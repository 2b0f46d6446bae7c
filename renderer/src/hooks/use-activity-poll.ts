import { useEffect } from 'react';
import { useVaultStore } from '../stores/vault-store';

export const POLL_INTERVAL_MS = 20_000;

const activityEvents = ['keydown', 'pointerdown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Asks the core for the vault's status every 20 s. Reading a form is activity
 * too, although it makes no call: input events since the last poll are
 * reported (`active: true`) so that the idle lock only fires when the person
 * has really left. A status that is no longer `unlocked` takes the app back
 * to the unlock screen (see the vault store).
 */
export function useActivityPoll(): void {
  const poll = useVaultStore((s) => s.poll);

  useEffect(() => {
    let active = false;
    const markActive = () => {
      active = true;
    };
    for (const name of activityEvents) window.addEventListener(name, markActive, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const wasActive = active;
      active = false;
      // A failed poll (host gone for a moment) is retried by the next tick.
      poll(wasActive).catch(() => undefined);
    }, POLL_INTERVAL_MS);
    return () => {
      window.clearInterval(timer);
      for (const name of activityEvents) window.removeEventListener(name, markActive, { capture: true });
    };
  }, [poll]);
}

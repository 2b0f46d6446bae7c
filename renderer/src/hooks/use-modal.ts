import { useEffect, type RefObject } from 'react';

const CANDIDATES = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]';

/** What Tab stops at inside `root`, in order: visible, not taken out of the order, one radio per group. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  const radios = new Set<string>();
  return [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter((el) => {
    if (el.tabIndex < 0 || el.getClientRects().length === 0) return false;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      const group = el.name || el.id;
      const checked = root.querySelector<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]:checked`);
      // The browser stops once per group: at the checked radio, or the first when none is.
      if (checked ? checked !== el : radios.has(group)) return false;
      radios.add(group);
    }
    return true;
  });
}

/**
 * Opens `dialog` as a modal and keeps Tab and Shift+Tab inside it: from the
 * last stop Tab goes to the first and back (issue 16 item 22). Chromium's own
 * modal lets focus leave to the page once per cycle.
 */
export function useModal(dialog: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Tab' || !element) return;
      const stops = tabStops(element);
      const first = stops[0];
      const last = stops[stops.length - 1];
      if (!first || !last) return;
      const at = document.activeElement;
      const outside = !(at instanceof Node) || !element.contains(at) || at === element;
      if (event.shiftKey && (at === first || outside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (at === last || outside)) {
        event.preventDefault();
        first.focus();
      }
    }
    element.addEventListener('keydown', onKeyDown);
    return () => element.removeEventListener('keydown', onKeyDown);
  }, [dialog]);
}

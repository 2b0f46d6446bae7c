/**
 * Prints a self-contained HTML document (the chain-of-custody form) from
 * inside the app, without saving it first. The document goes into a hidden
 * `srcdoc` iframe, sandboxed so that nothing in it can run (no
 * `allow-scripts`; `allow-same-origin` lets the app reach its document,
 * `allow-modals` lets it open the print dialog). A `srcdoc` frame inherits
 * the app's style policy (`style-src 'self'`), which refuses the form's
 * inline <style>: the style is taken out before loading and applied as a
 * constructed style sheet, which that policy does not govern. The app's
 * window handler refuses new windows in the desktop app, hence a frame.
 */

const FRAME_CLASS = 'print-frame';

/** Splits a document into its markup without <style> elements and the CSS they held. */
function withoutStyles(html: string): { markup: string; css: string } {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const styles = [...parsed.querySelectorAll('style')];
  const css = styles.map((s) => s.textContent).join('\n');
  for (const s of styles) s.remove();
  return { markup: `<!doctype html>\n${parsed.documentElement.outerHTML}`, css };
}

/** Loads `html` into a hidden frame and opens the print dialog on it; the frame goes after printing (or at the next print). */
export async function printHtml(html: string, title: string): Promise<void> {
  for (const old of document.querySelectorAll(`iframe.${FRAME_CLASS}`)) old.remove();
  const { markup, css } = withoutStyles(html);
  const frame = document.createElement('iframe');
  frame.className = FRAME_CLASS;
  frame.title = title;
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = markup;
  document.body.append(frame);
  await loaded;
  const view = frame.contentWindow;
  const doc = frame.contentDocument;
  if (!view || !doc) {
    frame.remove();
    throw new Error('The custody form could not be prepared for printing.');
  }
  // The frame's own constructor: a sheet from the app's realm cannot be adopted there.
  const sheet = new (view as Window & typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [sheet];
  view.addEventListener('afterprint', () => frame.remove(), { once: true });
  view.focus();
  view.print();
}

/**
 * The checks of a case file's lines that need nothing but the line itself:
 * JSON, the event schema, the case id and the event's hash. They are the
 * costly part of checking a bundle's events (~8 µs of the ~15 µs an event
 * takes), so a big case file has them run on a worker thread
 * (./event-lines-pool.ts) while the main thread reads the same lines for
 * what needs the vault: devices, order, events already here, chains.
 */
import { eventHashInput, validateCaseEvent } from '../../../shared/events/event';
import { sha256Hex } from '../vault/event-factory';

/** The lines to check: `text` holds whole lines, each ending in a newline; `firstLine` is the number of its first (from 1). */
export type LinesToCheck = { text: string; firstLine: number; caseId: string; path: string };

/** The first line that fails, with the words that say why. */
export type LineProblem = { line: number; message: string };

export function checkEventLines({ text, firstLine, caseId, path }: LinesToCheck): LineProblem | null {
  for (let n = firstLine, start = 0; start < text.length; n++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end);
    start = end + 1;
    const at = `${path}, line ${n}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { line: n, message: `${at}, is not JSON` };
    }
    const checked = validateCaseEvent(json);
    if (!checked.ok) return { line: n, message: `${at}, is not a valid event (${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 200)})` };
    const event = checked.event;
    if (event.caseId !== caseId) return { line: n, message: `${at}, belongs to case ${event.caseId}` };
    if (sha256Hex(eventHashInput(event)) !== event.hash) return { line: n, message: `event ${event.id} (${at}) does not match its hash (altered)` };
  }
  return null;
}

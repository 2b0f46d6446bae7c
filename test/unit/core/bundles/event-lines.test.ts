import { describe, expect, it } from 'vitest';
import { checkEventLines } from '../../../../electron/core/bundles/event-lines';
import { checkLinesInParallel, eventLineWorkers, splitLines } from '../../../../electron/core/bundles/event-lines-pool';
import type { CaseEvent } from '../../../../shared/events/event';
import { CASE_ID, OTHER_CASE_ID } from '../../shared/events/support';
import { A, note, opened, nextId } from '../../shared/events/case-builders';

/** A case file of `count` notes (big enough for the workers) with `spoil` applied to some lines. */
function caseFile(count: number, spoil: (line: number, event: CaseEvent) => string | null = () => null): string {
  const lines: string[] = [];
  const events: CaseEvent[] = [opened(A, 0)];
  for (let i = 1; i < count; i++) events.push(note(A, i, nextId(), `observation ${i} ${'x'.repeat(300)}`));
  events.forEach((e, i) => lines.push(spoil(i + 1, e) ?? JSON.stringify(e)));
  return `${lines.join('\n')}\n`;
}

const check = (text: string) => ({ text, firstLine: 1, caseId: CASE_ID, path: 'cases/x.jsonl' });

/** The workers' verdict on their parts, else the check of the share left to this thread, as check-events.ts combines them. */
async function inParallel(text: string) {
  const { workers, ownShare } = checkLinesInParallel(check(text));
  const own = ownShare ? checkEventLines(ownShare) : null;
  return (await workers) ?? own;
}

describe('the checks of a case file’s lines', () => {
  it('runs on worker threads for a big file, as built into the app and the tests', () => {
    expect(eventLineWorkers()).toBeGreaterThan(0);
  });

  it('keeps a big file inline when the bundle carries far more evidence than events, and hands it on otherwise', async () => {
    const text = caseFile(3000);
    const beside = checkLinesInParallel(check(text), { alongside: 16 * text.length + 1 });
    expect(beside.ownShare).toEqual(check(text));
    expect(await beside.workers).toBeNull();
    const handedOn = checkLinesInParallel(check(text), { alongside: 16 * text.length });
    expect(handedOn.ownShare?.text.length ?? 0).toBeLessThan(text.length);
    expect(await handedOn.workers).toBeNull();
  });

  it('finds nothing wrong in intact lines, inline and on the workers', async () => {
    const text = caseFile(3000);
    expect(text.length).toBeGreaterThan(512 * 1024);
    expect(checkEventLines(check(text))).toBeNull();
    expect(await inParallel(text)).toBeNull();
  });

  it('names the first failing line the same way inline and on the workers, wherever it lies', async () => {
    const spoilers: Array<[string, (e: CaseEvent) => string, RegExp]> = [
      ['not JSON', () => '{"id":', /line \d+, is not JSON$/],
      ['not an event', (e) => JSON.stringify({ ...e, type: 'case.exploded' }), /line \d+, is not a valid event \(/],
      ['another case', (e) => JSON.stringify({ ...e, caseId: OTHER_CASE_ID }), new RegExp(`line \\d+, belongs to case ${OTHER_CASE_ID}$`)],
      ['altered', (e) => JSON.stringify({ ...e, actor: 'Mallory' }), /does not match its hash \(altered\)$/],
    ];
    for (const [what, spoil, message] of spoilers) {
      // Early, in the middle, and in the last part a worker gets; a second bad line later must not win.
      for (const bad of [2, 1500, 2999]) {
        const text = caseFile(3000, (line, e) => (line === bad || line === 3000 ? spoil(e) : null));
        const inline = checkEventLines(check(text));
        expect(inline, `${what} at ${bad}`).toMatchObject({ line: bad, message });
        expect(inline?.message).toContain(`line ${bad}`);
        expect(await inParallel(text)).toEqual(inline);
      }
    }
  });

  it('splits a file for several workers at line ends, numbering each part from its first line', () => {
    const text = caseFile(100);
    for (const [count, last] of [[1, undefined], [2, undefined], [3, undefined], [7, undefined], [2, 0.27], [4, 0.1]] as const) {
      const parts = splitLines(check(text), count, last);
      expect(parts.map((p) => p.text).join('')).toBe(text);
      expect(parts.every((p) => p.text.endsWith('\n'))).toBe(true);
      let line = 1;
      for (const part of parts) {
        expect(part.firstLine).toBe(line);
        line += part.text.split('\n').length - 1;
      }
      expect(parts.length).toBe(count);
      if (last !== undefined) expect(Math.abs((parts.at(-1)?.text.length ?? 0) / text.length - last)).toBeLessThan(0.02);
    }
  });
});

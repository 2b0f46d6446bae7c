/**
 * Runs ./event-lines.ts on worker threads for big case files. The worker's
 * code is the bundle of ./event-lines-worker.ts, put in as a string when
 * the app, the tests or the benchmarks are built (build/node-bundle.mjs
 * defines __OUTPOST_EVENT_LINES_WORKER__): a worker made from a string
 * needs no file of its own, so it runs the same from an asar archive.
 * Where the string was not built in, the lines are checked inline, the
 * same checks, only not in parallel.
 */
import { availableParallelism } from 'node:os';
import { CodeWorkerPool } from '../workers/code-worker-pool';
import type { LineProblem, LinesToCheck } from './event-lines';

declare const __OUTPOST_EVENT_LINES_WORKER__: string | undefined;

/** Smaller case files are checked inline: handing them over costs more than it saves. */
const INLINE_BELOW_CHARS = 256 * 1024;

const source = typeof __OUTPOST_EVENT_LINES_WORKER__ === 'string' ? __OUTPOST_EVENT_LINES_WORKER__ : null;
let pool: CodeWorkerPool<LinesToCheck, LineProblem | null> | null = null;

/**
 * Lines are checked inline, too, when the bundle's evidence (`alongside`, bytes) is more than this
 * many times their size: decrypting it keeps every core busy anyway, and a worker would only add its
 * memory. 1 GiB of evidence with 10,000 events (7 MB): peak RSS 25 MB lower inline, no slower.
 */
const ALONGSIDE_INLINE_RATIO = 16;

/** The main thread reads the same lines meanwhile, so it keeps a core of its own. */
const workerCount = () => Math.max(1, Math.min(4, availableParallelism() - 1));

/** How many worker threads check big case files here (0: inline, the worker was not built in). */
export function eventLineWorkers(): number {
  return source === null ? 0 : workerCount();
}

/**
 * Reading a line for the vault's checks costs about 0.45 of checking it
 * here; the caller's thread does that for every line, then checks its own
 * share, so that it ends about when the workers do.
 */
const READ_COST = 0.45;

/**
 * Starts checking `lines`: the first part on worker threads (when the file
 * is big and the rest of the bundle small), the rest left to the caller (`ownShare`, checked with
 * `checkEventLines` once it has read the lines). The caller reports the
 * earliest failing line of all: the workers' parts come first in the file.
 */
export function checkLinesInParallel(lines: LinesToCheck, work: { alongside: number } = { alongside: 0 }): { workers: Promise<LineProblem | null>; ownShare: LinesToCheck | null } {
  if (source === null || lines.text.length < INLINE_BELOW_CHARS || work.alongside > ALONGSIDE_INLINE_RATIO * lines.text.length) return { workers: Promise.resolve(null), ownShare: lines };
  pool ??= new CodeWorkerPool<LinesToCheck, LineProblem | null>(handlerOf(source), workerCount(), 'Checking the events of a bundle failed');
  const running = pool;
  const own = Math.max(0, (1 - READ_COST * running.size) / (running.size + 1));
  const parts = own > 0 ? splitLines(lines, running.size + 1, own) : splitLines(lines, running.size);
  const ownShare = own > 0 ? (parts.pop() ?? null) : null;
  // The parts are in file order, so the first problem found is the earliest line's.
  const workers = Promise.all(parts.map((part) => running.run(part))).then((verdicts) => verdicts.find((v) => v !== null) ?? null);
  return { workers, ownShare };
}

/** The bundled CommonJS worker as the function expression the pool runs. */
function handlerOf(bundle: string): string {
  return `(() => { const module = { exports: {} }; const exports = module.exports;\n${bundle}\n; return module.exports.handle; })()`;
}

/** `count` parts cut at line ends: the last about `lastShare` of the text (when given), the others of equal size. */
export function splitLines(lines: LinesToCheck, count: number, lastShare?: number): LinesToCheck[] {
  const parts: LinesToCheck[] = [];
  const { text } = lines;
  const shared = count === 1 ? 1 : lastShare === undefined ? 1 : 1 - lastShare;
  const others = lastShare === undefined ? count : count - 1;
  let start = 0;
  let firstLine = lines.firstLine;
  for (let i = 1; i <= count && start < text.length; i++) {
    const target = i === count ? text.length - 1 : Math.max(start, Math.floor((text.length * shared * i) / others));
    const end = text.indexOf('\n', target) + 1;
    const part = text.slice(start, end === 0 ? text.length : end);
    parts.push({ ...lines, text: part, firstLine });
    firstLine += countNewlines(part);
    start = end === 0 ? text.length : end;
  }
  return parts;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

import { type Transform } from 'node:stream';

/** Parts at least this large go downstream as they are. */
const LARGE_PART = 512 * 1024;

/**
 * Pushes `parts` in order, joining runs of small ones (64 KiB chunks, 16-byte
 * tags) into one buffer. Each push becomes a write downstream, and a file
 * write per chunk or per tag costs more than the copy (measured: about half
 * the throughput when writing to a file).
 */
export function pushCoalesced(transform: Transform, parts: readonly Buffer[]): void {
  let run: Buffer[] = [];
  const pushRun = (): void => {
    if (run.length > 0) transform.push(run.length === 1 ? (run[0] as Buffer) : Buffer.concat(run));
    run = [];
  };
  for (const part of parts) {
    if (part.length >= LARGE_PART) {
      pushRun();
      transform.push(part);
    } else run.push(part);
  }
  pushRun();
}

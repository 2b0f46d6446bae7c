/** What the big-file benchmarks share: random input files, and the measured process's peak memory. */
import { randomFillSync } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';

const MiB = 1024 * 1024;

/** A file of `bytes` random bytes (a whole number of MiB), written 1 MiB at a time. */
export async function writeRandom(file: string, bytes: number): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(MiB);
  try {
    for (let written = 0; written < bytes; written += MiB) await handle.write(randomFillSync(chunk));
  } finally {
    await handle.close();
  }
}

/** This process's peak resident memory so far (VmHWM), in MB. */
export async function peakRssMb(): Promise<number> {
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(await readFile('/proc/self/status', 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : Number.NaN;
}

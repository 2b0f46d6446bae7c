/**
 * Writes a tar stream (POSIX ustar via tar-stream; pax headers for long
 * names, GNU base-256 for sizes of 8 GiB and more) of regular files whose
 * sizes are known before their content, streaming each file's content
 * through without holding it. GNU tar extracts the result.
 *
 * Entries are written one after the other in the order `add` is called.
 * Content that turns out longer or shorter than declared aborts the whole
 * archive: a tar with a wrong size would silently shift every later entry.
 */
import { Readable } from 'node:stream';
import { pack as createPack } from 'tar-stream';
import { drained } from './drained';
import { TarError } from './tar-error';
import { NameRegistry, normaliseEntryName } from './tar-names';

export type TarFileEntry = {
  /** A relative POSIX path, e.g. "blobs/3f…"; see tar-names.ts. */
  name: string;
  /** Exact byte length of the content. */
  size: number;
  /** Defaults to the Unix epoch, so the same content gives the same archive. */
  mtime?: Date;
  /** Defaults to 0o644. */
  mode?: number;
};

export type TarWriter = {
  /** The archive bytes; pipe them on (into the age encryptor, a file…). */
  readonly output: Readable;
  /** Adds one regular file; resolves once its content is in the archive. */
  add(entry: TarFileEntry, content: Uint8Array | AsyncIterable<Uint8Array>): Promise<void>;
  /** Writes the end-of-archive marker after the last entry. */
  finish(): Promise<void>;
  /** Ends the archive with an error: readers of `output` see it. */
  abort(error: Error): void;
};

export function createTarWriter(): TarWriter {
  const pack = createPack();
  const names = new NameRegistry();
  let queue: Promise<void> = Promise.resolve();
  let failed: Error | null = null;
  const output = Readable.from(pack, { objectMode: false, highWaterMark: 64 * 1024 });

  const failure = (): Error | null => failed;
  const abort = (error: Error): void => {
    failed ??= error;
    pack.destroy(error);
  };

  const write = async (entry: TarFileEntry, content: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> => {
    if (failed) throw failed;
    const sink = pack.entry({ name: entry.name, size: entry.size, type: 'file', mode: entry.mode ?? 0o644, mtime: entry.mtime ?? new Date(0) });
    const done = new Promise<void>((resolve, reject) => {
      // A sink error is already `failed`, and reaches readers through `output`.
      sink.on('error', () => undefined);
      sink.on('close', () => (failed ? reject(failed) : resolve()));
    });
    // Awaited only on success; a failure is reported from the catch below.
    done.catch(() => undefined);
    let written = 0;
    try {
      for await (const chunk of content instanceof Uint8Array ? [content] : content) {
        written += chunk.byteLength;
        if (written > entry.size) throw sizeError(entry, 'longer');
        if (!sink.write(chunk)) await drained(sink);
        // The archive may have been aborted while we waited.
        const aborted = failure();
        if (aborted) throw aborted;
      }
      if (written !== entry.size) throw sizeError(entry, 'shorter');
    } catch (error) {
      abort(error instanceof Error ? error : new Error(String(error)));
      sink.destroy(failed ?? undefined);
      throw failed ?? error;
    }
    sink.end(undefined);
    await done;
  };

  return {
    output,
    add(entry, content) {
      // Checked at once, in call order, so a bad name fails before any bytes are written.
      try {
        checkEntry(entry);
        names.addFile(entry.name);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const step = queue.then(() => write(entry, content));
      queue = step.catch(() => undefined);
      return step;
    },
    async finish() {
      await queue;
      if (failed) throw failed;
      pack.finalize();
    },
    abort,
  };
}

function checkEntry(entry: TarFileEntry): void {
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new TarError('size', `The archive entry ${JSON.stringify(entry.name)} has an invalid size: ${entry.size}`, entry.name);
  if (normaliseEntryName(entry.name, false) !== entry.name) throw new TarError('path', `The archive entry ${JSON.stringify(entry.name)} is refused: write it without "./"`, entry.name);
}

function sizeError(entry: TarFileEntry, how: 'longer' | 'shorter'): TarError {
  return new TarError('size', `The content of ${JSON.stringify(entry.name)} is ${how} than its declared ${entry.size} bytes`, entry.name);
}

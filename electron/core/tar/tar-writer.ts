/**
 * Writes a tar stream of regular files whose sizes are known before their
 * content (framing: tar-header.ts; GNU tar extracts the result), streaming
 * each file's content through without holding it.
 *
 * The archive's bytes go to a sink, a function that may return a promise
 * to slow the writer down (backpressure): the age encryptor feeding a file,
 * in the bundle exporter, with no stream machinery in between. Without a
 * sink, `createTarWriter()` offers them as a Readable instead.
 *
 * Entries are written one after the other in the order `add` is called.
 * Content that turns out longer or shorter than declared aborts the whole
 * archive: a tar with a wrong size would silently shift every later entry.
 */
import { Readable } from 'node:stream';
import { END_OF_ARCHIVE, fileHeader, padding } from './tar-header';
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

/** Takes the archive's bytes in order; a promise means "wait before writing more". */
export type TarSink = (bytes: Uint8Array) => void | Promise<void>;

/**
 * An entry's content: its bytes, an iterable of pieces, or a producer that
 * writes the pieces itself through `write` (awaiting what it returns), as
 * the blob reader does.
 */
export type TarContent = Uint8Array | AsyncIterable<Uint8Array> | ((write: TarSink) => Promise<void>);

export type TarWriter = {
  /** Adds one regular file; resolves once its content is in the archive. */
  add(entry: TarFileEntry, content: TarContent): Promise<void>;
  /** Writes the end-of-archive marker after the last entry. */
  finish(): Promise<void>;
  /** Ends the archive with an error: entries being written fail with it, and so do readers of `output`. */
  abort(error: Error): void;
};

export function createTarWriter(): TarWriter & { readonly output: Readable };
export function createTarWriter(sink: TarSink): TarWriter;
export function createTarWriter(sink?: TarSink): TarWriter & { readonly output?: Readable } {
  if (sink) return tarWriter(sink, () => undefined);
  const { output, sink: push } = readableSink();
  const writer = tarWriter(push, (error) => output.destroy(error));
  return { ...writer, output, finish: () => writer.finish().then(() => void output.push(null)) };
}

function tarWriter(sink: TarSink, onAbort: (error: Error) => void): TarWriter {
  const names = new NameRegistry();
  let queue: Promise<void> = Promise.resolve();
  let failed: Error | null = null;

  const abort = (error: Error): void => {
    if (failed) return;
    failed = error;
    onAbort(error);
  };
  const check = (): void => {
    if (failed) throw failed;
  };

  const write = async (entry: TarFileEntry, content: TarContent): Promise<void> => {
    check();
    try {
      await sink(fileHeader({ name: entry.name, size: entry.size, mode: entry.mode ?? 0o644, mtime: entry.mtime ?? new Date(0) }));
      let written = 0;
      const piece: TarSink = (chunk) => {
        check();
        written += chunk.byteLength;
        if (written > entry.size) throw sizeError(entry, 'longer');
        return sink(chunk);
      };
      if (content instanceof Uint8Array) await piece(content);
      else if (typeof content === 'function') await content(piece);
      else {
        for await (const chunk of content) {
          const wait = piece(chunk);
          if (wait) await wait;
        }
      }
      check();
      if (written !== entry.size) throw sizeError(entry, 'shorter');
      await sink(padding(entry.size));
    } catch (error) {
      abort(error instanceof Error ? error : new Error(String(error)));
      throw failed ?? error;
    }
  };

  return {
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
      check();
      await sink(END_OF_ARCHIVE);
    },
    abort,
  };
}

/** A sink whose bytes come out of a Readable, with its backpressure. */
function readableSink(): { output: Readable; sink: TarSink } {
  let resume: (() => void) | null = null;
  const wake = (): void => {
    const waiting = resume;
    resume = null;
    waiting?.();
  };
  const output = new Readable({ highWaterMark: 64 * 1024, read: wake, destroy: (error, callback) => (wake(), callback(error)) });
  const sink: TarSink = (bytes) => {
    if (output.destroyed) throw new Error('The archive output was closed before the archive was complete');
    if (output.push(bytes)) return;
    return new Promise<void>((resolve) => (resume = resolve));
  };
  return { output, sink };
}

function checkEntry(entry: TarFileEntry): void {
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new TarError('size', `The archive entry ${JSON.stringify(entry.name)} has an invalid size: ${entry.size}`, entry.name);
  if (normaliseEntryName(entry.name, false) !== entry.name) throw new TarError('path', `The archive entry ${JSON.stringify(entry.name)} is refused: write it without "./"`, entry.name);
}

function sizeError(entry: TarFileEntry, how: 'longer' | 'shorter'): TarError {
  return new TarError('size', `The content of ${JSON.stringify(entry.name)} is ${how} than its declared ${entry.size} bytes`, entry.name);
}

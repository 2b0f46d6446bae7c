/**
 * Reads a tar stream defensively, for import: every entry is checked before
 * its content is offered, and nothing is ever written to disk here (the
 * caller decides what to do with each entry's Readable).
 *
 * Accepted: regular files (ustar, GNU and pax headers, as GNU tar and
 * tar-stream write them), and plain directories when the caller allows them
 * (they carry no content and are skipped). Refused, each with a TarError
 * naming the entry: hostile names (tar-names.ts), links, devices, FIFOs,
 * unknown types, directories with content, declared sizes over the caller's
 * limits, duplicates, damaged headers, and archives that end inside an entry
 * or without their end-of-archive marker (two zero blocks).
 *
 * Each entry's stream must be read (or abandoned) before asking for the
 * next entry; whatever is left of it is skipped then.
 */
import { Readable } from 'node:stream';
import { extract as createExtract, type Header } from 'tar-stream';
import { drained } from './drained';
import { TarError } from './tar-error';
import { NameRegistry, normaliseEntryName } from './tar-names';

export type TarReadOptions = {
  /** Refuse an entry whose declared size is larger (bytes). */
  maxEntryBytes: number;
  /** Refuse an archive whose declared sizes add up to more (bytes). */
  maxTotalBytes?: number;
  /** Refuse an archive with more entries (default 1,000,000). */
  maxEntries?: number;
  /** 'skip' plain directory entries (as `tar -c dir` writes) or 'refuse' them (default). */
  directories?: 'skip' | 'refuse';
};

export type TarEntry = {
  /** Normalised: no leading "./". */
  name: string;
  size: number;
  mtime: Date;
  /** Exactly `size` bytes, or an error (the archive's, or the source's own, e.g. an AgeError). */
  stream: Readable;
};

type SourceStream = AsyncIterable<Buffer> & {
  header: Header;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroyed: boolean;
};

const END_MARKER_BYTES = 1024;

export async function* readTar(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: TarReadOptions): AsyncGenerator<TarEntry, void, undefined> {
  const extract = createExtract();
  const names = new NameRegistry();
  const maxEntries = options.maxEntries ?? 1_000_000;
  let declared = 0;
  let current: string | undefined;
  const tail = new EndMarker();
  const pumping = pump(source, extract, tail);
  let entry: EntryStream | null = null;
  try {
    for await (const raw of extract as unknown as AsyncIterable<SourceStream>) {
      const header = raw.header;
      current = header.name;
      const name = checkHeader(header, options);
      if (header.type === 'directory') {
        names.addFolder(name);
        continue;
      }
      names.addFile(name);
      if (names.count > maxEntries) throw new TarError('size', `The archive has more than ${maxEntries} entries`, name);
      declared += header.size;
      if (options.maxTotalBytes !== undefined && declared > options.maxTotalBytes) {
        throw new TarError('size', `The archive declares more than ${options.maxTotalBytes} bytes in all (at ${JSON.stringify(name)})`, name);
      }
      entry = new EntryStream(raw, name);
      yield { name, size: header.size, mtime: header.mtime, stream: entry.readable };
      await entry.skipRest();
      entry = null;
    }
    await pumping;
    if (!tail.complete()) throw new TarError('truncated', 'The archive is truncated (its end-of-archive marker is missing)');
  } catch (error) {
    const failure = tarFailure(error, current);
    entry?.fail(failure);
    extract.destroy(failure);
    throw failure;
  }
}

/** Checks one header against the rules above; returns the normalised name. */
function checkHeader(header: Header, options: TarReadOptions): string {
  const raw = header.name;
  const refuse = (kind: 'type' | 'size', why: string): TarError => new TarError(kind, `The archive entry ${JSON.stringify(raw)} is refused: ${why}`, raw);
  const type = header.type as Header['type'] | null;
  if (type === 'directory') {
    if (options.directories !== 'skip') throw refuse('type', 'folders are not expected in this archive');
    if (header.size !== 0) throw refuse('type', 'it is a folder with content');
    return normaliseEntryName(raw, true);
  }
  if (type === 'symlink' || type === 'link') throw refuse('type', `it is a ${type === 'link' ? 'hard' : 'symbolic'} link`);
  if (type === 'character-device' || type === 'block-device') throw refuse('type', `it is a ${type.replace('-', ' ')}`);
  if (type === 'fifo') throw refuse('type', 'it is a FIFO (named pipe)');
  if (type !== 'file') throw refuse('type', `its type (${type ?? 'unknown'}) is not a regular file`);
  const name = normaliseEntryName(raw, false);
  if (!Number.isSafeInteger(header.size) || header.size < 0) throw refuse('size', 'its size is not a valid number');
  if (header.size > options.maxEntryBytes) throw refuse('size', `it declares ${header.size} bytes, more than the limit of ${options.maxEntryBytes}`);
  return name;
}

/** Feeds `source` into the extractor with backpressure; a source error (e.g. decryption) ends the archive with that error. */
async function pump(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, extract: ReturnType<typeof createExtract>, tail: EndMarker): Promise<void> {
  try {
    for await (const chunk of source) {
      if (extract.destroyed) return;
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      tail.push(bytes);
      if (!extract.write(bytes)) await drained(extract);
    }
    extract.end(undefined);
  } catch (error) {
    extract.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Remembers the last 1 KiB of the archive: a complete tar ends with two zero blocks. */
class EndMarker {
  private last: Buffer = Buffer.alloc(0);
  private total = 0;

  push(bytes: Buffer): void {
    this.total += bytes.length;
    this.last = bytes.length >= END_MARKER_BYTES ? bytes.subarray(bytes.length - END_MARKER_BYTES) : Buffer.concat([this.last, bytes]).subarray(-END_MARKER_BYTES);
  }

  complete(): boolean {
    return this.total % 512 === 0 && this.last.length === END_MARKER_BYTES && this.last.every((byte) => byte === 0);
  }
}

/** One entry's content as a Node Readable with backpressure, which can be skipped or failed from outside. */
class EntryStream {
  readonly readable: Readable;
  private skipping = false;
  private readonly ended: Promise<void>;

  constructor(
    private readonly source: SourceStream,
    name: string,
  ) {
    this.readable = new Readable({ read: () => void source.resume() });
    this.ended = new Promise((resolve, reject) => {
      source.on('data', (chunk) => {
        if (!this.skipping && !this.readable.push(chunk)) source.pause();
      });
      source.on('end', () => {
        if (!this.skipping) this.readable.push(null);
        resolve();
      });
      source.on('error', (error) => {
        const failure = tarFailure(error, name);
        this.fail(failure);
        reject(failure);
      });
    });
    // The caller may never read or never ask for the next entry.
    this.ended.catch(() => undefined);
  }

  /** Discards whatever the caller left unread, so the archive can move on. */
  async skipRest(): Promise<void> {
    this.skipping = true;
    this.source.resume();
    await this.ended;
  }

  fail(error: Error): void {
    if (!this.readable.destroyed) this.readable.destroy(error);
  }
}

/** Our own errors and the source's (e.g. AgeError) pass through; tar-stream's become TarErrors. */
function tarFailure(error: unknown, entry: string | undefined): Error {
  if (error instanceof TarError) return error;
  if (!(error instanceof Error)) return new TarError('format', `The archive is damaged: ${String(error)}`, entry);
  // Errors of the source (AgeError, fs errors with a code) are the real reason: keep them.
  if (error.name !== 'Error' || 'code' in error) return error;
  const at = entry === undefined ? '' : ` (in or after the entry ${JSON.stringify(entry)})`;
  if (error.message === 'Unexpected end of data') return new TarError('truncated', `The archive is truncated${at}`, entry, { cause: error });
  if (/^Invalid tar header|^Invalid header|unknown format/i.test(error.message)) {
    return new TarError('format', `The archive is damaged or not a tar archive: a header does not check out${at}`, entry, { cause: error });
  }
  return new TarError('format', `The archive is damaged${at}: ${error.message}`, entry, { cause: error });
}

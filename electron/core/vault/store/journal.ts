/**
 * cases/<caseId>.journal — a case's append-only journal of sealed records
 * (what a record holds is the case log's business: ../case-log.ts).
 *
 *   file    = header ‖ record*
 *   header  = "OPJ1" (4 ASCII bytes) ‖ version u16 BE (= 1) ‖ flags u16 BE (= 0)      8 bytes
 *   record  = length u32 BE ‖ sealed                      28 ≤ length ≤ 16 MiB
 *   sealed  = nonce (12) ‖ AES-256-GCM(data key, payload) ‖ tag (16)
 *   AAD     = outpost/v1|<vaultId>|journal|<caseId>|<recordNo>      recordNo counts from 0
 *
 * The associated data pins every record to its vault, its case and its
 * position: a record moved, reordered, or a file copied over another case's
 * journal or taken from another vault does not authenticate.
 *
 * Durability: a new file is written whole (header only) with the atomic
 * temp-fsync-rename-fsync dance, so it never exists half-made. An append is
 * one write() of the whole record at the end of a file opened O_APPEND, then
 * fdatasync, and only then acknowledged; it never reads or rewrites older
 * records, so its cost does not depend on the journal's size.
 *
 * One writer: before each append the open file must still be the length this
 * session last wrote (fstat of its descriptor). Anything else means another
 * program appended to or cut the journal since it was opened (the vault's
 * writer lock, ../LOCK.md, keeps that from happening): the append is refused
 * with 'damaged' and nothing is written, rather than chaining a record
 * number that another writer already used.
 *
 * Recovery on open. The only damage a crash can cause is a torn last record:
 * fewer than 4 length bytes, or a length that runs past the end of the file.
 * That tail is cut off (truncate + fsync), and only when opened writable.
 * Before cutting, we check that the bytes after the length field do not hold
 * a complete record followed by intact records up to the end of the file: if
 * they do, the length field was damaged, and cutting would drop acknowledged
 * events. Everything else — bad magic, a length out of bounds, a complete
 * record that does not authenticate, fewer records than the index says were
 * acknowledged — is ApiFailure 'damaged' naming the file and record, and
 * nothing on disk changes.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from '../../../../shared/api/errors';
import { syncDir, writeFileAtomic } from '../../fs/atomic-write';
import { AeadAuthError, aadFor, SEAL_OVERHEAD, seal } from './aead';
import { errnoCode, ioFailure } from './io-error';
import { isReadOnly, writeRefusal } from './read-only-keys';
import { openEither } from './retiring-keys';

export const JOURNAL_MAGIC = 'OPJ1';
export const JOURNAL_VERSION = 1;
export const JOURNAL_HEADER_BYTES = 8;
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const MIN_RECORD_BYTES = SEAL_OVERHEAD;
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export type JournalOptions = {
  dir: string;
  caseId: string;
  key: Uint8Array;
  vaultId: string;
  /** How many records the index saw acknowledged; fewer on disk means damage. */
  expectedMinRecords?: number;
  /** Read without ever changing the file: no tail repair, no appends. */
  readOnly?: boolean;
};

export type Journal = {
  readonly file: string;
  /** Payloads found on open, in order. */
  readonly records: Uint8Array[];
  /** Records in the journal now, including those appended since open. */
  readonly count: number;
  /** Bytes of an incomplete last record found on open (cut off unless read-only). */
  readonly tornBytes: number;
  /** Resolves with the record number once the record is durable on disk. */
  append(payload: Uint8Array): Promise<number>;
  /**
   * Appends several records with one write and one fdatasync (imports);
   * resolves with the first record number once all are durable. A crash
   * during the write may keep a prefix of them, never a torn record.
   */
  appendMany(payloads: readonly Uint8Array[]): Promise<number>;
  close(): Promise<void>;
};

export function journalPath(dir: string, caseId: string): string {
  if (!CASE_ID.test(caseId)) throw new ApiFailure('bad_request', `Not a case id: ${JSON.stringify(caseId)}`);
  return path.join(dir, `${caseId}.journal`);
}

export function journalFileHeader(): Buffer {
  const header = Buffer.alloc(JOURNAL_HEADER_BYTES);
  header.write(JOURNAL_MAGIC, 0, 'ascii');
  header.writeUInt16BE(JOURNAL_VERSION, 4);
  return header;
}

/** The bytes of one record: length ‖ sealed payload. */
export function encodeRecord(key: Uint8Array, vaultId: string, caseId: string, recordNo: number, payload: Uint8Array): Buffer {
  const sealed = seal(key, payload, aadFor(vaultId, 'journal', caseId, recordNo));
  if (sealed.length > MAX_RECORD_BYTES) throw new ApiFailure('bad_request', `An event can have at most ${MAX_RECORD_BYTES - SEAL_OVERHEAD} bytes`);
  const record = Buffer.allocUnsafe(4 + sealed.length);
  record.writeUInt32BE(sealed.length, 0);
  sealed.copy(record, 4);
  return record;
}

export async function openJournal(options: JournalOptions): Promise<Journal> {
  const { dir, caseId, key, vaultId } = options;
  const readOnly = options.readOnly === true || isReadOnly(key);
  const expected = options.expectedMinRecords ?? 0;
  const file = journalPath(dir, caseId);
  let bytes: Buffer | null;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw ioFailure(error, 'read', file);
    bytes = null;
  }
  if (bytes === null) {
    if (expected > 0) throw damaged(file, `the file is missing, but ${expected} records were acknowledged`);
    if (readOnly) return new JournalHandle(file, { vaultId, caseId, key }, [], 0, 0, null);
    bytes = await createJournalFile(dir, file);
  }

  const scan = scanJournal(bytes, file, key, vaultId, caseId);
  if (scan.records.length < expected) {
    throw damaged(file, `record ${scan.records.length} is missing (${expected} were acknowledged, ${scan.records.length} found)`);
  }
  if (readOnly) return new JournalHandle(file, { vaultId, caseId, key }, scan.records, scan.end, scan.torn, null);

  let handle: FileHandle | undefined;
  try {
    if (scan.torn > 0) await cutTail(file, scan.end);
    handle = await open(file, 'a');
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw ioFailure(error, 'open for writing', file);
  }
  return new JournalHandle(file, { vaultId, caseId, key }, scan.records, scan.end, scan.torn, handle);
}

type Binding = { vaultId: string; caseId: string; key: Uint8Array };

class JournalHandle implements Journal {
  private queue: Promise<unknown> = Promise.resolve();
  private size: number;
  private total: number;
  private closed = false;
  private broken: string | null = null;

  constructor(
    readonly file: string,
    private readonly binding: Binding,
    readonly records: Uint8Array[],
    end: number,
    readonly tornBytes: number,
    private readonly handle: FileHandle | null,
  ) {
    this.size = end;
    this.total = records.length;
  }

  get count(): number {
    return this.total;
  }

  append(payload: Uint8Array): Promise<number> {
    return this.appendMany([payload]);
  }

  appendMany(payloads: readonly Uint8Array[]): Promise<number> {
    // Appends asked for before close() still run; close() waits for them.
    if (this.closed) return Promise.reject(new ApiFailure('vault_locked', `${this.file} is closed`));
    // One append at a time: record numbers and file offsets follow each other.
    const result = this.queue.then(() => this.appendNow(payloads));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handle?.close();
  }

  private async appendNow(payloads: readonly Uint8Array[]): Promise<number> {
    const handle = this.handle;
    const { vaultId, caseId, key } = this.binding;
    if (!handle) throw isReadOnly(key) ? writeRefusal(key, `append to ${this.file}`) : new Error(`${this.file} was opened read-only`);
    if (this.broken) throw new ApiFailure('io', `${this.file} had a write error (${this.broken}); reopen the case to continue`);
    await this.checkLength(handle);
    const recordNo = this.total;
    const record = Buffer.concat(payloads.map((payload, i) => encodeRecord(key, vaultId, caseId, recordNo + i, payload)));
    let stage = 'write';
    try {
      // One write() normally; the loop only matters when the kernel writes part of it (disk filling up).
      for (let done = 0; done < record.length; ) {
        const { bytesWritten } = await handle.write(record, done, record.length - done);
        done += bytesWritten;
      }
      stage = 'sync';
      await handle.datasync();
    } catch (error) {
      await this.undo(stage, error);
      throw ioFailure(error, 'append to', this.file);
    }
    this.size += record.length;
    this.total += payloads.length;
    return recordNo;
  }

  /** Refuses to append to a journal another program changed since this session opened it. */
  private async checkLength(handle: FileHandle): Promise<void> {
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (error) {
      throw ioFailure(error, 'check the length of', this.file);
    }
    if (size !== this.size) {
      throw new ApiFailure(
        'damaged',
        `${this.file} was changed by another program since this session opened it (${size} bytes on disk, ${this.size} written here); nothing was written. Lock the vault and unlock it again.`,
      );
    }
  }

  /** Removes a half-written record so the file ends at the last acknowledged record. */
  private async undo(stage: string, cause: unknown): Promise<void> {
    try {
      // Shrinking frees space, so this works on a full disk too.
      await this.handle?.truncate(this.size);
      await this.handle?.datasync();
    } catch {
      // The next open sees a torn tail and cuts it off; until then, no more appends here.
      this.broken = `${stage} failed: ${errnoCode(cause) ?? String(cause)}`;
      return;
    }
    // After a failed fdatasync the kernel may have dropped dirty pages: what is on disk is unknown.
    if (stage === 'sync') this.broken = `sync failed: ${errnoCode(cause) ?? String(cause)}`;
  }
}

type Scan = { records: Buffer[]; end: number; torn: number };

function scanJournal(bytes: Buffer, file: string, key: Uint8Array, vaultId: string, caseId: string): Scan {
  if (bytes.length < JOURNAL_HEADER_BYTES) throw damaged(file, 'the file is shorter than its header');
  if (bytes.toString('latin1', 0, 4) !== JOURNAL_MAGIC) throw damaged(file, 'not an Outpost journal (bad magic)');
  const version = bytes.readUInt16BE(4);
  if (version !== JOURNAL_VERSION || bytes.readUInt16BE(6) !== 0) throw damaged(file, `unknown journal version ${version} or flags`);

  const records: Buffer[] = [];
  let offset = JOURNAL_HEADER_BYTES;
  while (offset < bytes.length) {
    const recordNo = records.length;
    const left = bytes.length - offset;
    if (left < 4) return { records, end: offset, torn: left };
    const length = bytes.readUInt32BE(offset);
    if (length < MIN_RECORD_BYTES || length > MAX_RECORD_BYTES) throw damaged(file, `record ${recordNo} has an impossible length ${length}`);
    const aad = aadFor(vaultId, 'journal', caseId, recordNo);
    if (4 + length > left) {
      if (holdsCompleteRecord(bytes, offset, key, aad)) throw damaged(file, `record ${recordNo} has a damaged length field`);
      return { records, end: offset, torn: left };
    }
    try {
      records.push(openEither(key, bytes.subarray(offset + 4, offset + 4 + length), aad));
    } catch (error) {
      if (error instanceof AeadAuthError) {
        throw damaged(file, `record ${recordNo} does not authenticate (altered, moved, or from another case or vault)`);
      }
      throw error;
    }
    offset += 4 + length;
  }
  return { records, end: offset, torn: 0 };
}

/**
 * Whether the bytes after the length field at `offset` are really a complete
 * record of some other length, followed by well-formed records ending exactly
 * at the end of the file. A torn write cannot look like that; a damaged
 * length field can. Candidates are filtered by structure first, so only a
 * few are authenticated.
 */
function holdsCompleteRecord(bytes: Buffer, offset: number, key: Uint8Array, aad: string): boolean {
  const start = offset + 4;
  for (let end = start + MIN_RECORD_BYTES; end <= bytes.length; end += 1) {
    if (!wellFormedToEof(bytes, end)) continue;
    try {
      openEither(key, bytes.subarray(start, end), aad);
      return true;
    } catch (error) {
      if (!(error instanceof AeadAuthError)) throw error;
    }
  }
  return false;
}

function wellFormedToEof(bytes: Buffer, offset: number): boolean {
  let at = offset;
  while (at < bytes.length) {
    if (bytes.length - at < 4) return false;
    const length = bytes.readUInt32BE(at);
    if (length < MIN_RECORD_BYTES || length > MAX_RECORD_BYTES || at + 4 + length > bytes.length) return false;
    at += 4 + length;
  }
  return true;
}

async function createJournalFile(dir: string, file: string): Promise<Buffer> {
  const header = journalFileHeader();
  try {
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) await syncDir(path.dirname(created));
    await writeFileAtomic(file, header);
  } catch (error) {
    throw ioFailure(error, 'create', file);
  }
  return header;
}

async function cutTail(file: string, end: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(end);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function damaged(file: string, detail: string): ApiFailure {
  return new ApiFailure('damaged', `${file} is damaged: ${detail}`);
}

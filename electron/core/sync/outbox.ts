/**
 * The outbox: segments sealed on this device and not yet known to be on
 * every target (`<vault>/outbox/<16-digit sequence>.bundle`). A segment is
 * sealed here, whole, before anything is sent, and its file is never
 * changed afterwards, so a retry after an interrupted upload sends the very
 * same bytes, and a target that has them already answers "same".
 * Segments are age files encrypted to the team's recipients, not to the
 * vault's data key: they are written as they will travel.
 *
 * Pushing sends the segments after a target's cursor in sequence order and
 * stops at the first that does not go: the cursor only ever moves over
 * segments the target holds, so nothing is skipped. A name that is taken by
 * other bytes means another vault writes as this device (a copied vault):
 * sync to that target stops, and says so.
 */
import { OUTBOX_DIR } from './files';
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from '../fs/atomic-write';
import { segmentName } from './segment-names';
import { TargetError, type SyncTarget } from './target';

const SEGMENT_FILE = /^([0-9]{16})\.bundle$/;

export type OutboxSegment = { sequence: number; file: string; size: number; sha256: string };

/** Another vault wrote different bytes under this device's name: the vault was copied, and both copies write as one device. */
export class DeviceIdClash extends Error {
  override readonly name = 'DeviceIdClash';
}

export class Outbox {
  readonly dir: string;

  constructor(vaultDir: string) {
    this.dir = path.join(vaultDir, OUTBOX_DIR);
  }

  /** The sequence numbers of the segments sealed here, in order. */
  async sequences(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .map((name) => SEGMENT_FILE.exec(name)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /**
   * Seals the next segment: `write` puts the whole file at the temporary path
   * it is given; only once it returns is the file made durable and named.
   * A failed `write` leaves no segment and no temporary file.
   */
  async add(write: (temp: string) => Promise<void>): Promise<OutboxSegment> {
    await mkdir(this.dir, { recursive: true });
    const sequence = ((await this.sequences()).at(-1) ?? 0) + 1;
    const file = this.fileOf(sequence);
    const temp = path.join(this.dir, `.${path.basename(file)}.tmp`);
    await rm(temp, { force: true });
    try {
      await write(temp);
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      // The sequence was free a moment ago and this vault has one writer (the writer lock): a file there now is a bug.
      if (await stat(file).then(() => true, () => false)) throw new Error(`${file} appeared while segment ${sequence} was sealed`);
      await rename(temp, file);
      await syncDir(this.dir);
    } finally {
      await rm(temp, { force: true });
    }
    return this.segment(sequence);
  }

  async segment(sequence: number): Promise<OutboxSegment> {
    const file = this.fileOf(sequence);
    const bytes = await readFile(file);
    return { sequence, file, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /**
   * Sends the segments after `after` (the target's cursor) to `target` as
   * `deviceId`'s, in order. Answers the last sequence the target now holds
   * (the new cursor); a failure after some went through is thrown with that
   * cursor (`PushStopped`), so the caller keeps the progress.
   */
  async push(target: SyncTarget, deviceId: string, after: number, onSent?: (sequence: number) => void): Promise<number> {
    let cursor = after;
    for (const sequence of await this.sequences()) {
      if (sequence <= cursor) continue;
      if (sequence !== cursor + 1) throw new PushStopped(cursor, new Error(`Segment ${cursor + 1} is missing from ${this.dir}: later segments are not sent, so that the target never has a gap`));
      try {
        const bytes = await readFile(this.fileOf(sequence));
        const outcome = await target.putOnce(segmentName(deviceId, sequence), bytes, createHash('sha256').update(bytes).digest('hex'));
        if (outcome === 'different')
          throw new DeviceIdClash(
            `${target.description} already holds a different segment ${sequence} from this device: another copy of this vault writes as the same device. Sync to it has stopped; give one of the copies a new device identity before syncing again.`,
          );
      } catch (error) {
        throw new PushStopped(cursor, error);
      }
      cursor = sequence;
      onSent?.(sequence);
    }
    return cursor;
  }

  private fileOf(sequence: number): string {
    return path.join(this.dir, `${String(sequence).padStart(16, '0')}.bundle`);
  }
}

/** A push that stopped: `cursor` is how far the target got, `cause` why it stopped (a TargetError, a DeviceIdClash…). */
export class PushStopped extends Error {
  override readonly name = 'PushStopped';
  constructor(
    readonly cursor: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }

  get unreachable(): boolean {
    return this.cause instanceof TargetError && this.cause.kind === 'unreachable';
  }
}

/**
 * A sync target: existing storage (a folder, a WebDAV server, an S3 bucket)
 * that devices exchange segments through, with no server of our own. Every
 * target offers the same three calls, whatever it is, and the same promises:
 *
 *  - a file is written once and never rewritten or deleted: `putOnce` on a
 *    name that is taken compares the bytes instead ('same' or 'different');
 *  - a file is there whole or not at all: readers never see part of one
 *    under its final name (temporary names are the writer's own business);
 *  - a listing that cannot be had is an error (TargetError), never an empty
 *    answer: nothing is ever concluded from a file's absence.
 *
 * Names are relative, '/'-separated, and checked by the caller
 * (./segment-names.ts); targets store them as they are.
 */
export type PutOutcome = 'written' | 'same' | 'different';

export type TargetErrorKind =
  /** The storage could not be reached or answered with a failure: try again later. */
  | 'unreachable'
  /** The storage is full, or over its quota. */
  | 'full'
  /** The storage refuses writes (read-only, or not allowed). */
  | 'read-only'
  /** The storage answered in a way no target may (a name it must not have changed, a size that does not match). */
  | 'broken';

export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(
    readonly kind: TargetErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type SyncTarget = {
  /** Words for the user ("the folder /media/usb/outpost"). */
  readonly description: string;
  /**
   * Stores `bytes` under `name` unless the name is taken: 'written'; when it is
   * taken, 'same' if the file there holds exactly these bytes, else 'different'.
   * Never overwrites. `sha256` (hex) is the digest of `bytes`, for targets that check it on arrival.
   */
  putOnce(name: string, bytes: Uint8Array, sha256: string): Promise<PutOutcome>;
  /**
   * The names of the files directly under `prefix` (which ends with '/'), in
   * name order, only those after `after` when it is given. Only whole files:
   * never one still being written under a temporary name (those are listed
   * too where the storage shows them; the caller ignores names it does not know).
   */
  list(prefix: string, after?: string): Promise<string[]>;
  /** The whole file, or null when no file has that name (yet). */
  get(name: string): Promise<Uint8Array | null>;
};

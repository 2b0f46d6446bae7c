/**
 * Why an archive (or an entry given to the writer) is refused. `kind` is for
 * code; the message names the entry and is written for a person.
 *
 *   path       absolute, "..", backslash, control characters, empty segments
 *   type       links, devices, FIFOs, unknown entry types, unwanted directories
 *   size       a declared size over the caller's limit, or content that does
 *              not match the declared size (writer)
 *   duplicate  the same name twice, or a name used as both file and folder
 *   format     a damaged header or an archive that is not tar
 *   truncated  the archive ends inside an entry or before its end marker
 */
export type TarErrorKind = 'path' | 'type' | 'size' | 'duplicate' | 'format' | 'truncated';

export class TarError extends Error {
  readonly kind: TarErrorKind;
  /** The entry concerned, when there is one. */
  readonly entry: string | undefined;

  constructor(kind: TarErrorKind, message: string, entry?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TarError';
    this.kind = kind;
    this.entry = entry;
  }
}

/**
 * The one error type of the age layer. `kind` tells a caller what went wrong
 * without parsing messages; the message is written for the person holding
 * the file (the bundle import screen and the CLI show it as it is).
 *
 *   header       the file is not a well-formed age v1 file, or a recipient
 *                stanza meant for one of our identity types is malformed
 *   hmac         a file key was found but the header MAC does not match:
 *                the header was altered
 *   no-match     none of the identities (keys, passphrases) opens the file;
 *                a wrong passphrase is reported this way
 *   payload      an encrypted chunk does not authenticate, or data follows
 *                the final chunk
 *   truncated    the payload ends before its final chunk
 *   armor        the ASCII armor is malformed
 *   unsupported  a feature this implementation deliberately leaves out
 *                (post-quantum keys, another format version)
 *   key          a recipient, identity or identity file given to us (not the
 *                encrypted file) is malformed
 */
export type AgeErrorKind = 'header' | 'hmac' | 'no-match' | 'payload' | 'truncated' | 'armor' | 'unsupported' | 'key';

/** Why no identity opened a file ('no-match'), so that callers can say what to do about it. */
export type NoMatchReason = 'no-identities' | 'wrong-passphrase' | 'needs-passphrase' | 'needs-keys' | 'other-recipients';

export class AgeError extends Error {
  readonly kind: AgeErrorKind;
  readonly reason: NoMatchReason | undefined;

  constructor(kind: AgeErrorKind, message: string, options?: { cause?: unknown; reason?: NoMatchReason }) {
    super(message, options);
    this.name = 'AgeError';
    this.kind = kind;
    this.reason = options?.reason;
  }
}

export function isAgeError(error: unknown): error is AgeError {
  return error instanceof AgeError;
}

/** A header problem, in the words used across this layer. */
export function headerError(detail: string): AgeError {
  return new AgeError('header', `This is not a valid age file: ${detail}`);
}

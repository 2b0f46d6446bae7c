import type { ErrorCode } from '../../shared/api/errors';

/** The CLI's exit codes (../shared/DESIGN.md): scripts branch on these. */
export const exitCodes = { ok: 0, operational: 1, usage: 2, rejected: 3, busy: 4 } as const;

/**
 * Input the core refused, or data that failed verification, is "rejected";
 * a vault another program holds is "busy" (4), so a script can retry or wait;
 * the rest is operational.
 */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
    case 'damaged':
      return exitCodes.rejected;
    case 'vault_busy':
      return exitCodes.busy;
    case 'unknown_method':
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'vault_absent':
    case 'vault_exists':
    case 'vault_locked':
    case 'vault_read_only':
    case 'wrong_passphrase':
    case 'io':
    case 'internal':
    case 'core_stopped':
      return exitCodes.operational;
  }
}

/** Thrown for a command line that cannot be understood; prints the usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command did what it could, but the input was not taken (e.g. a bundle held for approval): exit 3 after its report. */
export class InputNotTaken extends Error {
  override readonly name = 'InputNotTaken';
}

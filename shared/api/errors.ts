/**
 * The errors every transport (IPC, loopback HTTP, CLI) reports in the same
 * shape. Core code throws ApiFailure; the dispatcher turns anything else into
 * an `internal` error without leaking a stack trace to the caller.
 */
export const errorCodes = [
  'bad_request',
  'unknown_method',
  'unauthorized',
  'forbidden',
  'not_found',
  'vault_absent',
  'vault_exists',
  'vault_locked',
  'vault_busy',
  'vault_read_only',
  'wrong_passphrase',
  'damaged',
  'io',
  'internal',
  /** The desktop app's core process stopped (crashed or was killed); it can be restarted. */
  'core_stopped',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type Issue = { path: string; message: string };

export type ApiError = { code: ErrorCode; message: string; issues?: Issue[] };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class ApiFailure extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: Issue[]) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.issues = issues;
  }

  toApiError(): ApiError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

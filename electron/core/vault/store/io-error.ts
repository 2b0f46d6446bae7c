import { ApiFailure } from '../../../../shared/api/errors';

/**
 * Turns a Node fs error into an 'io' ApiFailure a person can act on: a full
 * disk or a read-only folder is said in words, not as ENOSPC or EROFS.
 * ApiFailures pass through unchanged.
 */
export function ioFailure(error: unknown, action: string, file: string): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new ApiFailure('io', `Could not ${action} ${file}: ${describe(code, error)}`);
}

export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

const plainWords: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk is full (quota exceeded)',
  EROFS: 'the folder is on a read-only file system',
  EACCES: 'permission denied (is the folder read-only?)',
  EPERM: 'permission denied (is the folder read-only?)',
  ENOENT: 'the file or folder does not exist',
};

function describe(code: string | undefined, error: unknown): string {
  const words = code === undefined ? undefined : plainWords[code];
  if (words) return words;
  return error instanceof Error ? error.message : String(error);
}

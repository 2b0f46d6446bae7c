import { S3ServiceException } from '@aws-sdk/client-s3';
import { TargetError } from '../target';

/** What the operation was for: a refusal means something else on a read than on a write. */
export type Use = 'read' | 'write';

/** Codes S3 and S3-compatible servers (MinIO, Ceph, Garage) give for a full bucket or quota. */
const FULL = new Set(['QuotaExceeded', 'XMinioStorageFull', 'InsufficientStorage', 'StorageFull']);
/** Credentials that are wrong, not a bucket that is closed to writing: the user must fix the keys. */
const BAD_KEYS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired']);

/** The code of an S3 error answer ('NoSuchKey'), or undefined for anything that is not one (network, timeout). */
export function codeOf(error: unknown): string | undefined {
  return error instanceof S3ServiceException ? error.name : undefined;
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/**
 * The TargetError for a failed request (kinds of ../target.ts). Everything that
 * may pass with time is 'unreachable': network errors, timeouts, 5xx, SlowDown,
 * and wrong keys (a read cannot go on until they are fixed, but nothing is wrong
 * with the bucket). A refusal to write with good keys is 'read-only'.
 */
export function failure(error: unknown, what: string, use: Use, bucket: string): TargetError {
  if (error instanceof TargetError) return error;
  const code = codeOf(error);
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const said = code === undefined ? detail : `${code}${status ? ` (${status})` : ''}: ${detail}`;
  if (code === 'NoSuchBucket') return new TargetError('unreachable', `${what}: the bucket "${bucket}" does not exist`, { cause: error });
  if (code !== undefined && (FULL.has(code) || status === 507)) return new TargetError('full', `${what}: the storage is full (${said})`, { cause: error });
  if (code === 'EntityTooLarge') return new TargetError('full', `${what}: the server takes no file this large (${said})`, { cause: error });
  if (code !== undefined && BAD_KEYS.has(code)) return new TargetError('unreachable', `${what}: the access keys were refused (${said})`, { cause: error });
  if ((code === 'AccessDenied' || status === 403) && use === 'write') return new TargetError('read-only', `${what}: writing is not allowed (${said})`, { cause: error });
  if (code === 'AccessDenied' || status === 403 || status === 401) return new TargetError('unreachable', `${what}: access refused, check the access keys (${said})`, { cause: error });
  if (code === 'BadDigest' || code === 'InvalidDigest' || code === 'XAmzContentChecksumMismatch') return new TargetError('broken', `${what}: the bytes did not match their digest (${said})`, { cause: error });
  return new TargetError('unreachable', `${what}: ${said}`, { cause: error });
}

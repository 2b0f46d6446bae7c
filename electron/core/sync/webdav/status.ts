import { TargetError } from '../target';

/**
 * What a status that is not the expected one means for the sync (the kinds of
 * ../target.ts). The use matters for refusals: a 401/403 to a write is a
 * folder we may not write to ('read-only'); to a read it is a target we
 * cannot use now (wrong or expired credentials): 'unreachable', try later.
 * A 405 to a write is a server that does not take that method there (nginx
 * without PUT or MOVE in dav_methods, Apache where Dav is off): no write
 * will go until someone changes it, so 'read-only' too. (MKCOL's own 405,
 * "exists already", is told apart by the caller before it comes here.)
 * 423 Locked (someone else's LOCK) and every 5xx pass with time.
 */
export function failure(method: string, url: URL, status: number, use: 'read' | 'write'): TargetError {
  const what = `${method} ${url.href} answered ${status}`;
  if (status === 507) return new TargetError('full', `${what} (Insufficient Storage)`);
  if ((status === 401 || status === 403 || status === 405) && use === 'write') return new TargetError('read-only', `${what}: writing is not allowed`);
  if (status === 401 || status === 403) return new TargetError('unreachable', `${what}: access refused (check the user and password)`);
  return new TargetError('unreachable', what);
}

import http from 'node:http';
import https from 'node:https';
import { TargetError } from '../target';

/**
 * One WebDAV request over node:http, so that the bytes on the wire are ours:
 * a body always goes with an explicit Content-Length (some servers keep a
 * 0-byte or cut file from a chunked PUT), and the whole answer is read before
 * anyone looks at it, with a deadline over all of it.
 */
export type DavResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
};

export type DavRequest = {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** "Basic …", sent on every request (no challenge round-trip: a PUT body would be sent twice). */
  authorization?: string;
  timeoutMs: number;
};

export function davRequest(request: DavRequest): Promise<DavResponse> {
  const { method, url, body, timeoutMs } = request;
  const headers: Record<string, string> = { ...request.headers };
  // Set even when 0, so no request of ours is ever sent chunked.
  headers['content-length'] = String(body?.byteLength ?? 0);
  if (request.authorization) headers.authorization = request.authorization;
  const lib = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const unreachable = (error: unknown) =>
      reject(
        new TargetError('unreachable', `${method} ${url.href}: ${signal.aborted ? `no answer within ${timeoutMs} ms` : describe(error)}`, {
          cause: error,
        }),
      );
    const req = lib.request(url, { method, headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', unreachable);
      // 'aborted'/'close' without 'end': the connection died mid-body.
      res.on('close', () => {
        if (!res.complete) unreachable(new Error('the connection closed before the answer was whole'));
      });
      res.on('end', () => {
        const received = Buffer.concat(chunks);
        const declared = res.headers['content-length'];
        // A body shorter than announced is a cut answer, never a file to keep.
        if (declared !== undefined && method !== 'HEAD' && Number(declared) !== received.byteLength) {
          unreachable(new Error(`the answer held ${received.byteLength} of the ${declared} bytes it announced`));
          return;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: received });
      });
    });
    req.on('error', unreachable);
    req.end(body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}

/**
 * The loopback host: the same handler table the desktop app reaches through
 * IPC, served over HTTP on 127.0.0.1 for the browser mode and for tests.
 *
 *   POST /api/<method>   body: JSON arguments   →   JSON Result
 *   GET  /…              the built renderer (when a static folder is given)
 *
 * Every request must name this listener in Host; API calls must also carry
 * the per-launch bearer token and, from a browser, this listener's Origin.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiError, ErrorCode, Result } from '../../shared/api/errors';
import type { Dispatch } from '../core/dispatch';
import { hostIsAllowed, originIsAllowed, securityHeaders, tokenMatches } from './security';
import { readStatic } from './static-files';

export type HostOptions = {
  dispatch: Dispatch;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Folder of the built renderer; without it only the API is served. */
  staticDir?: string;
  token?: string;
  maxBodyBytes?: number;
};

export type RunningHost = { origin: string; url: string; token: string; port: number; close: () => Promise<void> };

const statusFor: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  unknown_method: 404,
  not_found: 404,
  vault_absent: 409,
  vault_exists: 409,
  vault_locked: 423,
  vault_busy: 423,
  vault_read_only: 423,
  wrong_passphrase: 403,
  damaged: 422,
  io: 500,
  internal: 500,
  core_stopped: 503,
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let port = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[outpost] host request failed:', error);
      if (!response.headersSent) sendError(response, { code: 'internal', message: 'The request failed unexpectedly' });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostIsAllowed(request, port)) {
      return sendError(response, { code: 'forbidden', message: 'Host header does not name this Outpost host' });
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return handleApi(request, response, url.pathname.slice('/api/'.length));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendError(response, { code: 'bad_request', message: `${request.method ?? 'This method'} is not allowed here` }, 405);
    }
    const file = options.staticDir ? await readStatic(options.staticDir, url.pathname) : null;
    if (!file) return sendError(response, { code: 'not_found', message: `Nothing at ${url.pathname}` });
    response.writeHead(200, { ...securityHeaders, 'Content-Type': file.type, 'Content-Length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (!originIsAllowed(request, port)) {
      return sendError(response, { code: 'forbidden', message: 'Requests from another origin are refused' });
    }
    if (!tokenMatches(request, token)) {
      return sendError(response, { code: 'unauthorized', message: 'Missing or wrong access token; open the URL the host printed' });
    }
    if (request.method !== 'POST') {
      return sendError(response, { code: 'bad_request', message: 'API calls use POST' }, 405);
    }
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      return sendError(response, { code: 'bad_request', message: 'API calls send Content-Type: application/json' }, 415);
    }
    const body = await readBody(request, maxBody);
    if (body === 'too-large') {
      return sendError(response, { code: 'bad_request', message: `The request body is larger than ${maxBody} bytes` }, 413);
    }
    let args: unknown;
    try {
      args = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendError(response, { code: 'bad_request', message: 'The request body is not valid JSON' });
    }
    sendResult(response, await options.dispatch(decodeURIComponent(method), args));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) overflow = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(overflow ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendResult(response: ServerResponse, result: Result<unknown>): void {
  sendJson(response, result.ok ? 200 : statusFor[result.error.code], result);
}

function sendError(response: ServerResponse, error: ApiError, status = statusFor[error.code]): void {
  sendJson(response, status, { ok: false, error } satisfies Result<never>);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { securityHeaders } from '../host/security';
import { APP_ORIGIN } from './app-origin';

/**
 * The renderer is served from app://outpost/ rather than file://, so that it
 * has a real origin, gets the same strict CSP headers as the browser mode,
 * and cannot read arbitrary files by URL.
 */
export { APP_ORIGIN };

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const relative = path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    const file = path.resolve(rendererDir, relative);
    if (url.host !== 'outpost' || !file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { ...securityHeaders, 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Reads a file of the built renderer for a URL path, or null. Paths are
 * resolved inside `root` only; anything that would escape it is not found.
 * Unknown paths fall back to index.html so a reload on any screen works.
 */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = path.normalize(decoded).replace(/^([/\\])+/, '');
  const file = path.resolve(root, relative === '' ? 'index.html' : relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  const found = await readFile(file).catch(() => null);
  if (found) return { body: found, type: contentTypes[path.extname(file)] ?? 'application/octet-stream' };
  if (path.extname(file) !== '') return null;
  const index = await readFile(path.join(root, 'index.html')).catch(() => null);
  return index ? { body: index, type: contentTypes['.html'] ?? 'text/html' } : null;
}

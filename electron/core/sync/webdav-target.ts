import { createHash, randomBytes } from 'node:crypto';
import { TargetError, type PutOutcome, type SyncTarget } from './target';
import { davRequest, type DavResponse } from './webdav/http';
import { parseMultistatus } from './webdav/multistatus';
import { nameOfHref, urlOf } from './webdav/names';
import { failure } from './webdav/status';

export type WebDavTargetOptions = {
  /** The collection everything goes under, e.g. https://dav.example.org/remote.php/dav/files/me/outpost/ */
  url: string;
  user?: string;
  password?: string;
  /** Deadline for each request, whole answer included. */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 30_000;

const PROPFIND_BODY = Buffer.from(
  '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>',
);

/**
 * A WebDAV collection as a sync target (./target.ts). Writing once is built
 * from what every DAV server has: the bytes go to a temporary name in the
 * same collection, then MOVE with `Overwrite: F` gives them the final name
 * only if it is free (412 otherwise), so a reader never sees part of a file
 * under its final name. Apache mod_dav and nginx's dav module both answer 412
 * (checked by test/unit/core/sync/webdav-target.test.ts), though Apache's
 * check is not atomic against a MOVE at the same moment; a server that
 * ignored the header is still caught on the common path by looking before
 * the upload, and every outcome is checked by reading the final file back.
 */
export class WebDavTarget implements SyncTarget {
  readonly description: string;
  private readonly root: URL;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  /** Collections known to exist, so each is made (MKCOL) once per session. */
  private readonly collections = new Set<string>(['']);

  constructor(options: WebDavTargetOptions) {
    const root = new URL(options.url);
    if (root.protocol !== 'http:' && root.protocol !== 'https:') throw new Error(`not a WebDAV URL: ${options.url}`);
    if (!root.pathname.endsWith('/')) root.pathname += '/';
    root.search = '';
    root.hash = '';
    // Credentials live in the header, never in URLs that end up in messages.
    const user = options.user ?? decodeURIComponent(root.username);
    const password = options.password ?? decodeURIComponent(root.password);
    root.username = '';
    root.password = '';
    this.root = root;
    this.authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.description = `the WebDAV folder ${root.href}`;
  }

  async putOnce(name: string, bytes: Uint8Array, sha256: string): Promise<PutOutcome> {
    const slash = name.lastIndexOf('/');
    const dir = name.slice(0, slash + 1);
    const final = urlOf(this.root, name);

    // Looking first costs one request and spares the upload when the file is there
    // already; it also keeps us from relying on Overwrite: F alone (see the class comment).
    const existing = await this.request('HEAD', final);
    if (existing.status === 200) return this.compare(name, bytes, sha256);
    if (existing.status !== 404) throw failure('HEAD', final, existing.status, 'read');

    await this.makeCollections(dir);
    const temp = urlOf(this.root, `${dir}.${name.slice(slash + 1)}.${randomBytes(8).toString('hex')}.part`);
    let moved = false;
    try {
      const put = await this.request('PUT', temp, { body: bytes });
      if (put.status !== 200 && put.status !== 201 && put.status !== 204) throw failure('PUT', temp, put.status, 'write');
      const move = await this.request('MOVE', temp, { headers: { destination: final.href, overwrite: 'F' } });
      if (move.status === 412) return await this.compare(name, bytes, sha256);
      if (move.status !== 201 && move.status !== 204) throw failure('MOVE', temp, move.status, 'write');
      moved = true;
    } finally {
      // Our own temporary file must not stay, whatever happened; a failed delete only
      // leaves a '.part' name the readers ignore, so it must not hide the real outcome.
      if (!moved) await this.request('DELETE', temp).catch(() => undefined);
    }
    const stored = await this.get(name);
    if (stored === null) throw new TargetError('broken', `${final.href} is missing right after it was moved into place`);
    // Other bytes under the name just written: another writer's MOVE landed at the same moment.
    // Apache checks Overwrite: F and then renames, so two MOVEs can both succeed, the later one
    // winning (seen in test/unit/core/sync/webdav-target.test.ts). Only a copied vault writes the
    // same names as this one, and 'different' is how that is told.
    if (stored.byteLength !== bytes.byteLength || sha256Hex(stored) !== sha256.toLowerCase()) return 'different';
    return 'written';
  }

  async list(prefix: string, after?: string): Promise<string[]> {
    const collection = urlOf(this.root, prefix);
    const res = await this.request('PROPFIND', collection, {
      headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
      body: PROPFIND_BODY,
    });
    // A collection that was never made holds no files: on a fresh target the devices'
    // folders do not exist yet. Only the collection's own 404 means that; anything
    // else that is not a multistatus is an error, never an empty listing.
    if (res.status === 404) return [];
    if (res.status !== 207) throw failure('PROPFIND', collection, res.status, 'read');
    let entries;
    try {
      entries = parseMultistatus(res.body.toString('utf8'));
    } catch (error) {
      throw new TargetError('broken', `PROPFIND ${collection.href}: ${(error as Error).message}`, { cause: error });
    }
    const names: string[] = [];
    for (const entry of entries) {
      const name = nameOfHref(this.root, entry.href);
      if (name === null || entry.collection || name.endsWith('/')) continue;
      // Depth: 1 answers the collection and its direct members; anything deeper is not ours to list.
      if (!name.startsWith(prefix) || name.slice(prefix.length).includes('/') || name === prefix) continue;
      if (after !== undefined && !(name > after)) continue;
      names.push(name);
    }
    return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async get(name: string): Promise<Uint8Array | null> {
    const url = urlOf(this.root, name);
    const res = await this.request('GET', url);
    if (res.status === 404) return null;
    if (res.status !== 200) throw failure('GET', url, res.status, 'read');
    return new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength);
  }

  /** The name is taken: what it holds decides between 'same' and 'different'. */
  private async compare(name: string, bytes: Uint8Array, sha256: string): Promise<PutOutcome> {
    const stored = await this.get(name);
    if (stored === null) throw new TargetError('broken', `${urlOf(this.root, name).href} was there, then was not (files are never removed)`);
    return stored.byteLength === bytes.byteLength && sha256Hex(stored) === sha256.toLowerCase() ? 'same' : 'different';
  }

  /** MKCOL each missing ancestor of `dir` ('a/b/'), top down: 405 says it exists already. */
  private async makeCollections(dir: string): Promise<void> {
    const parts = dir.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const path = `${parts.slice(0, i).join('/')}/`;
      if (this.collections.has(path)) continue;
      const url = urlOf(this.root, path);
      const res = await this.request('MKCOL', url);
      // Two writers making the same collection at once is normal (devices share folders);
      // the loser may get 405, or 403 from Apache (its mkdir failed on the one just made),
      // so any refusal is checked against what is there before it counts.
      if (res.status !== 201 && res.status !== 405 && !(await this.isCollection(url))) throw failure('MKCOL', url, res.status, 'write');
      this.collections.add(path);
    }
  }

  private async isCollection(url: URL): Promise<boolean> {
    const res = await this.request('PROPFIND', url, {
      headers: { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
      body: PROPFIND_BODY,
    });
    if (res.status !== 207) return false;
    try {
      return parseMultistatus(res.body.toString('utf8')).some((entry) => entry.collection);
    } catch {
      return false;
    }
  }

  private request(
    method: string,
    url: URL,
    extra: { headers?: Record<string, string>; body?: Uint8Array } = {},
  ): Promise<DavResponse> {
    return davRequest({
      method,
      url,
      timeoutMs: this.timeoutMs,
      ...(extra.headers ? { headers: extra.headers } : {}),
      ...(extra.body ? { body: extra.body } : {}),
      ...(this.authorization ? { authorization: this.authorization } : {}),
    });
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

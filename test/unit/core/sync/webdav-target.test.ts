import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebDavTarget } from '../../../../electron/core/sync/webdav-target';
import { davServerMissing, startDavServer, type DavServer, type DavServerKind } from '../../../support/dav-servers';
import { expectTargetError } from '../../../support/target-errors';
import { rawHttpServer, type RawServer } from '../../../support/raw-http-server';
import { describeTargetContract } from '../../../support/sync-target-contract';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Every file under `dir` (relative, '/'-separated), to see what really got stored, temporary files included. */
async function filesOnDisk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const kinds: DavServerKind[] = ['apache', 'nginx'];

describe.each(kinds)('WebDavTarget on %s', (kind) => {
  const missing = davServerMissing(kind);
  if (missing) {
    it.skip(`skipped: ${missing}`, () => {});
    return;
  }

  let server: DavServer;
  let target: WebDavTarget;
  beforeAll(async () => {
    server = await startDavServer(kind);
    target = new WebDavTarget({ url: server.url, user: server.user, password: server.password, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  // The contract every target keeps, each test in a collection of its own on this server.
  let fresh = 0;
  describeTargetContract(`WebDAV (${kind})`, async () => {
    const url = new URL(`contract-${++fresh}/`, server.url);
    const made = await fetch(url, { method: 'MKCOL', headers: { authorization: `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}` } });
    expect(made.status).toBe(201);
    return new WebDavTarget({ url: url.href, user: server.user, password: server.password, timeoutMs: 5000 });
  });

  it('refuses MOVE onto an existing name with Overwrite: F (what putOnce builds on)', async () => {
    const auth = `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}`;
    const put = (name: string, body: string) =>
      fetch(new URL(name, server.url), { method: 'PUT', body, headers: { authorization: auth } });
    expect((await put('ow-a', 'first')).status).toBe(201);
    expect((await put('ow-b', 'second')).status).toBe(201);
    const move = await fetch(new URL('ow-b', server.url), {
      method: 'MOVE',
      headers: { authorization: auth, destination: new URL('ow-a', server.url).href, overwrite: 'F' },
    });
    expect(move.status).toBe(412);
    expect(await readFile(path.join(server.root, 'ow-a'), 'utf8')).toBe('first');
  });

  it('writes once: written, then same, then different without touching the stored bytes', async () => {
    const name = 'devices/abc/0000000000000001.bundle';
    const first = bytesOf('segment one');
    expect(await target.putOnce(name, first, sha(first))).toBe('written');
    expect(await target.putOnce(name, first, sha(first))).toBe('same');
    const other = bytesOf('segment one, but not');
    expect(await target.putOnce(name, other, sha(other))).toBe('different');
    expect(Buffer.from((await target.get(name))!).toString()).toBe('segment one');
    expect(await readFile(path.join(server.root, name), 'utf8')).toBe('segment one');
  });

  it('leaves no temporary file behind, whatever the outcome', async () => {
    const a = bytesOf('a'.repeat(100_000));
    const b = bytesOf('b'.repeat(100_000));
    expect(await target.putOnce('tmp/d/x', a, sha(a))).toBe('written');
    expect(await target.putOnce('tmp/d/x', b, sha(b))).toBe('different');
    expect(await target.putOnce('tmp/d/x', a, sha(a))).toBe('same');
    expect(await filesOnDisk(path.join(server.root, 'tmp'))).toEqual(['d/x']);
  });

  it('settles a race for one name through the server: one write, the other compares', async () => {
    const a = bytesOf('race a');
    const b = bytesOf('race b');
    const outcomes = await Promise.all([target.putOnce('race/1', a, sha(a)), target.putOnce('race/1', b, sha(b))]);
    expect(outcomes.sort()).toEqual(['different', 'written']);
    const stored = await readFile(path.join(server.root, 'race/1'), 'utf8');
    expect(['race a', 'race b']).toContain(stored);
    // The same bytes twice at once: one writes and the other finds them, or (Apache: its Overwrite: F is a
    // check, then a rename) both MOVEs land, each reading back its own bytes. Never 'different'.
    const same = await Promise.all([target.putOnce('race/2', a, sha(a)), target.putOnce('race/2', a, sha(a))]);
    expect([['same', 'written'], ['written', 'written']]).toContainEqual(same.sort());
    expect(await filesOnDisk(path.join(server.root, 'race'))).toEqual(['1', '2']);
  });

  it('lets writers make the same new collections at once (a lost MKCOL race is no failure)', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `burst/dev/${String(i).padStart(16, '0')}.bundle`);
    // A target per writer: each has to make the collections itself, as separate devices do.
    const writers = names.map(() => new WebDavTarget({ url: server.url, user: server.user, password: server.password, timeoutMs: 5000 }));
    const outcomes = await Promise.all(names.map((n, i) => writers[i]!.putOnce(n, bytesOf(n), sha(bytesOf(n)))));
    expect(outcomes).toEqual(names.map(() => 'written'));
    expect(await target.list('burst/dev/')).toEqual(names);
  });

  it('stores empty and odd-named files', async () => {
    const empty = new Uint8Array(0);
    expect(await target.putOnce('odd/a b%20c/empty', empty, sha(empty))).toBe('written');
    expect((await target.get('odd/a b%20c/empty'))!.byteLength).toBe(0);
    expect(await target.list('odd/a b%20c/')).toEqual(['odd/a b%20c/empty']);
  });

  it('lists the whole files directly under a prefix, in order, after `after`, without collections', async () => {
    for (const n of ['0000000000000003', '0000000000000001', '0000000000000002']) {
      const body = bytesOf(`bundle ${n}`);
      expect(await target.putOnce(`list/dev/${n}.bundle`, body, sha(body))).toBe('written');
    }
    const deep = bytesOf('deeper');
    await target.putOnce('list/dev/sub/0000000000000000.bundle', deep, sha(deep));
    expect(await target.list('list/dev/')).toEqual([
      'list/dev/0000000000000001.bundle',
      'list/dev/0000000000000002.bundle',
      'list/dev/0000000000000003.bundle',
    ]);
    expect(await target.list('list/dev/', 'list/dev/0000000000000001.bundle')).toEqual([
      'list/dev/0000000000000002.bundle',
      'list/dev/0000000000000003.bundle',
    ]);
    expect(await target.list('list/dev/', 'list/dev/0000000000000003.bundle')).toEqual([]);
    expect(await target.list('list/')).toEqual([]);
  });

  it('lists nothing under a collection that does not exist yet, and gets null for a missing file', async () => {
    expect(await target.list('never/made/')).toEqual([]);
    expect(await target.get('never/made/file')).toBeNull();
    expect(await target.get('list/dev/none')).toBeNull();
  });

  it('refuses to write with the wrong password, and to read', async () => {
    const wrong = new WebDavTarget({ url: server.url, user: server.user, password: 'wrong', timeoutMs: 5000 });
    const body = bytesOf('x');
    await expectTargetError(wrong.putOnce('auth/x', body, sha(body)), 'unreachable');
    await expectTargetError(wrong.list('list/dev/'), 'unreachable');
    await expectTargetError(wrong.get('list/dev/0000000000000001.bundle'), 'unreachable');
  });

  it('fails loudly when the server is gone: unreachable, never an empty listing', async () => {
    const own = await startDavServer(kind);
    const t = new WebDavTarget({ url: own.url, user: own.user, password: own.password, timeoutMs: 5000 });
    const body = bytesOf('y');
    expect(await t.putOnce('gone/y', body, sha(body))).toBe('written');
    expect(await t.list('gone/')).toEqual(['gone/y']);
    await own.stop();
    await expectTargetError(t.list('gone/'), 'unreachable');
    await expectTargetError(t.get('gone/y'), 'unreachable');
    await expectTargetError(t.putOnce('gone/z', body, sha(body)), 'unreachable');
  });
});

/** A raw server whose target root is /root/. */
async function rawServer(...answers: string[]): Promise<RawServer & { url: string }> {
  const raw = await rawHttpServer(...answers);
  return { ...raw, url: `${raw.origin}/root/` };
}

describe('WebDavTarget on the wire', () => {
  it('treats a body shorter than its Content-Length as unreachable, not as the file', async () => {
    const raw = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nshort');
    try {
      await expectTargetError(new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).get('a/b'), 'unreachable');
    } finally {
      await raw.close();
    }
  });

  it('sends a PUT with Content-Length, never chunked, and Basic auth on every request', async () => {
    const status = (line: string, body = '') => `HTTP/1.1 ${line}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    // HEAD (free), MKCOL a/, PUT temp, MOVE, GET to check what was stored.
    const raw = await rawServer(status('404 Not Found'), status('201 Created'), status('201 Created'), status('201 Created'), status('200 OK', '12345'));
    try {
      const t = new WebDavTarget({ url: raw.url, user: 'u', password: 'p', timeoutMs: 5000 });
      const body = bytesOf('12345');
      expect(await t.putOnce('a/b', body, sha(body))).toBe('written');
      expect(raw.requests.map((r) => r.split(' ', 2).join(' '))).toEqual([
        'HEAD /root/a/b',
        'MKCOL /root/a/',
        expect.stringMatching(/^PUT \/root\/a\/\.b\.[0-9a-f]{16}\.part$/),
        expect.stringMatching(/^MOVE \/root\/a\/\.b\.[0-9a-f]{16}\.part$/),
        'GET /root/a/b',
      ]);
      const put = raw.requests[2]!;
      expect(put).toMatch(/\r\ncontent-length: 5\r\n/i);
      expect(put).not.toMatch(/transfer-encoding/i);
      expect(put.endsWith('\r\n\r\n12345')).toBe(true);
      expect(raw.requests[3]).toMatch(/\r\noverwrite: F\r\n/i);
      for (const r of raw.requests) expect(r).toMatch(/\r\nauthorization: Basic dTpw\r\n/i);
    } finally {
      await raw.close();
    }
  });

  it('compares after a 412 from MOVE, and deletes its temporary file', async () => {
    const status = (line: string, body = '') => `HTTP/1.1 ${line}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    // The name was free at HEAD but taken by the MOVE (another device got there first).
    const raw = await rawServer(status('404 Not Found'), status('201 Created'), status('201 Created'), status('412 Precondition Failed'), status('200 OK', 'same'), status('204 No Content'));
    try {
      const body = bytesOf('same');
      expect(await new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).putOnce('a/b', body, sha(body))).toBe('same');
      const [, , put, , get, del] = raw.requests.map((r) => r.split(' ', 2).join(' '));
      expect(get).toBe('GET /root/a/b');
      expect(del).toBe(put!.replace('PUT', 'DELETE'));
    } finally {
      await raw.close();
    }
  });

  it('answers "different" when other bytes than those written are under the name right after the MOVE (a writer at the same moment)', async () => {
    const status = (line: string, body = '') => `HTTP/1.1 ${line}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    const raw = await rawServer(status('404 Not Found'), status('201 Created'), status('201 Created'), status('201 Created'), status('200 OK', '1234'));
    try {
      const body = bytesOf('12345');
      expect(await new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).putOnce('a/b', body, sha(body))).toBe('different');
    } finally {
      await raw.close();
    }
  });

  it.each([
    ['403 Forbidden', 'read-only'],
    ['423 Locked', 'unreachable'],
    ['503 Service Unavailable', 'unreachable'],
  ] as const)('maps %s to a PUT to %s', async (line, kind) => {
    const status = (l: string) => `HTTP/1.1 ${l}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
    const raw = await rawServer(status('404 Not Found'), status('201 Created'), status(line));
    try {
      const body = bytesOf('x');
      await expectTargetError(new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).putOnce('a/b', body, sha(body)), kind);
    } finally {
      await raw.close();
    }
  });

  it('answers a listing that is not a multistatus with an error, never with nothing', async () => {
    const raw = await rawServer('HTTP/1.1 207 Multi-Status\r\nContent-Length: 9\r\nConnection: close\r\n\r\n<html/>\r\n');
    try {
      await expectTargetError(new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).list('a/'), 'broken');
    } finally {
      await raw.close();
    }
  });

  it('reads hrefs given as whole URLs, percent-encoded differently from what was sent', async () => {
    const xml = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
<d:response><d:href>/root/a/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>http://127.0.0.1:PORT/root/a/%7e%20two</d:href><d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/root/a/one</d:href><d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/root/a/sub</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
</d:multistatus>`;
    const raw = await rawServer();
    const answer = (body: string) => `HTTP/1.1 207 Multi-Status\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    raw.answers.push(answer(xml.replace('PORT', new URL(raw.url).port)));
    try {
      expect(await new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).list('a/')).toEqual(['a/one', 'a/~ two']);
      expect(raw.requests[0]).toMatch(/^PROPFIND \/root\/a\/ HTTP\/1.1\r\n/);
      expect(raw.requests[0]).toMatch(/\r\ndepth: 1\r\n/i);
    } finally {
      await raw.close();
    }
  });

  it('reports a full server as full', async () => {
    const raw = await rawServer('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 'HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    try {
      const body = bytesOf('x');
      await expectTargetError(new WebDavTarget({ url: raw.url, timeoutMs: 5000 }).putOnce('a/b', body, sha(body)), 'full');
    } finally {
      await raw.close();
    }
  });

  it('times out a server that never answers', async () => {
    const server = net.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const t = new WebDavTarget({ url: `http://127.0.0.1:${port}/`, timeoutMs: 300 });
      await expectTargetError(t.list('x/'), 'unreachable');
    } finally {
      server.close();
      // Sockets the target opened are cut by its timeout; close() resolves when they are gone.
    }
  });
});

/**
 * The WebDAV target against real servers (Apache, nginx) with faults put in
 * between (test/support/fault-proxy.ts): connections cut during an upload or a
 * download, answers lost, refusals. Whatever fails, nothing partial is ever
 * under a final name, the error says which kind of failure it is, and doing
 * the same again afterwards ends in exactly one whole file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebDavTarget } from '../../../../electron/core/sync/webdav-target';
import { davServerMissing, startDavServer, type DavServer, type DavServerKind } from '../../../support/dav-servers';
import { startFaultProxy, type Fault, type FaultProxy } from '../../../support/fault-proxy';
import { expectTargetError } from '../../../support/target-errors';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the server holds under `dir` of its root, temporary names included. */
const onDisk = (server: DavServer, dir: string) => readdir(path.join(server.root, dir)).catch(() => []);

const kinds: DavServerKind[] = ['apache', 'nginx'];

describe.each(kinds)('the WebDAV target on %s behind a faulty network', (kind) => {
  const missing = davServerMissing(kind);
  if (missing) {
    it.skip(`skipped: ${missing}`, () => {});
    return;
  }

  let server: DavServer;
  let proxy: FaultProxy;
  let target: WebDavTarget;
  beforeAll(async () => {
    server = await startDavServer(kind);
    proxy = await startFaultProxy(server.url);
    target = new WebDavTarget({ url: proxy.via(server.url), user: server.user, password: server.password, timeoutMs: 5000 });
  });
  afterEach(() => proxy.reset());
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  // Each test writes under a folder of its own, so what one leaves never meets another.
  let folder = 0;
  const nameIn = () => `t${++folder}/0000000000000001.bundle`;
  const dirOf = (name: string) => path.dirname(name);

  it('fails an upload cut mid-body as unreachable, leaves nothing under the final name, and writes the file whole on retry', async () => {
    const name = nameIn();
    const bytes = randomBytes(200_000);
    const cut = proxy.next({ method: 'PUT' }, { cutRequestAfter: 64_000 });
    const error = await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'unreachable');
    expect(cut.fired).toBe(1);
    expect(error.message).toMatch(/^PUT .*\.part: /);
    await expect(readFile(path.join(server.root, name))).rejects.toMatchObject({ code: 'ENOENT' });

    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
    expect((await readFile(path.join(server.root, name))).equals(bytes)).toBe(true);
    expect(await target.list(`${dirOf(name)}/`).then((names) => names.filter((n) => !path.basename(n).startsWith('.')))).toEqual([name]);
  });

  it('fails a download cut mid-body as unreachable, never handing back part of the file', async () => {
    const name = nameIn();
    const bytes = randomBytes(200_000);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
    proxy.next({ method: 'GET' }, { cutResponseAfter: 50_000 });
    await expectTargetError(target.get(name), 'unreachable');
    expect(Buffer.from((await target.get(name)) ?? []).equals(bytes)).toBe(true);
  });

  it('answers "same" on retry when the server moved the file into place but the answer was lost', async () => {
    const name = nameIn();
    const bytes = randomBytes(10_000);
    proxy.next({ method: 'MOVE' }, { loseAnswer: true });
    await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'unreachable');
    expect((await readFile(path.join(server.root, name))).equals(bytes)).toBe(true);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('same');
    expect(await onDisk(server, dirOf(name))).toEqual([path.basename(name)]);
  });

  it('fails an upload whose read-back is cut as unreachable, and answers "same" on retry', async () => {
    const name = nameIn();
    const bytes = randomBytes(100_000);
    proxy.next({ method: 'GET' }, { cutResponseAfter: 1000 });
    await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'unreachable');
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('same');
  });

  const refusals: Array<[method: string, status: number, kind: 'unreachable' | 'full' | 'read-only']> = [
    ['PUT', 500, 'unreachable'],
    ['PUT', 503, 'unreachable'],
    ['PUT', 423, 'unreachable'],
    ['MOVE', 423, 'unreachable'],
    ['HEAD', 503, 'unreachable'],
    ['PUT', 507, 'full'],
    ['MOVE', 507, 'full'],
    ['MKCOL', 507, 'full'],
    ['PUT', 403, 'read-only'],
    ['PUT', 405, 'read-only'],
    ['MOVE', 403, 'read-only'],
    ['MKCOL', 403, 'read-only'],
  ];
  it.each(refusals)('reports %s answered %i as %s, says so, leaves no file behind, and writes once the server takes it', async (method, status, expected) => {
    const name = nameIn();
    const bytes = randomBytes(5000);
    const rule = proxy.next({ method }, { status });
    const error = await expectTargetError(target.putOnce(name, bytes, sha(bytes)), expected);
    expect(rule.fired).toBe(1);
    expect(error.message).toContain(`${method} `);
    expect(error.message).toContain(`answered ${status}`);
    // The temporary file is deleted even when the MOVE is refused after the PUT went through.
    expect(await onDisk(server, dirOf(name))).toEqual([]);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
  });

  const readFaults: Array<[what: string, method: string, fault: Fault]> = [
    ['a 503 to the listing', 'PROPFIND', { status: 503 }],
    ['a 500 to the download', 'GET', { status: 500 }],
    ['a dropped connection on the listing', 'PROPFIND', { drop: true }],
    ['a dropped connection on the download', 'GET', { drop: true }],
  ];
  it.each(readFaults)('fails a read with %s as unreachable, never as an empty listing or a missing file', async (_what, method, fault) => {
    const name = nameIn();
    const bytes = randomBytes(1000);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
    proxy.next({ method }, fault);
    await expectTargetError(method === 'GET' ? target.get(name) : target.list(`${dirOf(name)}/`), 'unreachable');
  });
});

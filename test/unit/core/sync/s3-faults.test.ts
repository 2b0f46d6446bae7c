/**
 * The S3 target against a real s3rver with faults put in between
 * (test/support/fault-proxy.ts). The SDK tries each request twice
 * (maxAttempts in s3-target.ts) when the connection fails or the server
 * answers a passing error, so those faults are set for two requests: the
 * target must fail, not the SDK's retry quietly succeed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3Target } from '../../../../electron/core/sync/s3-target';
import { startFaultProxy, type Fault, type FaultProxy } from '../../../support/fault-proxy';
import { startS3Server, type S3Server } from '../../../support/s3-server';
import { expectTargetError } from '../../../support/target-errors';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An S3 error answer as AWS and MinIO write it. */
const s3Error = (status: number, code: string): Fault => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} (from the fault proxy)</Message></Error>`,
});

describe('the S3 target on s3rver behind a faulty network', () => {
  let server: S3Server;
  let proxy: FaultProxy;
  let target: S3Target;
  beforeAll(async () => {
    server = await startS3Server();
    proxy = await startFaultProxy(server.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  // A target per test (each with its own retry quota), each test under a prefix of its own.
  let folder = 0;
  let prefix = '';
  const fresh = () => {
    prefix = `t${++folder}/`;
    target = new S3Target({ endpoint: proxy.via(server.endpoint), bucket: server.bucket, prefix, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, timeoutMs: 5000 });
  };
  afterEach(() => {
    proxy.reset();
    target?.close();
  });
  const name = 'devices/d/0000000000000001.bundle';
  /** The file s3rver keeps the object's bytes in. */
  const storedFile = () => path.join(server.directory, server.bucket, `${prefix}${name}._S3rver_object`);

  it('fails an upload cut mid-body as unreachable, on the SDK’s retry too', async () => {
    fresh();
    const bytes = randomBytes(200_000);
    const cut = proxy.next({ method: 'PUT' }, { cutRequestAfter: 64_000 }, 2);
    const error = await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'unreachable');
    expect(cut.fired).toBe(2);
    expect(error.message).toMatch(/^Could not write devices\/d\/0000000000000001\.bundle to the S3 bucket/);
  });

  it('never answers "written" over part of a file: the retry after a cut upload writes it whole, or finds s3rver’s cut bytes and says "different"', async () => {
    fresh();
    const bytes = randomBytes(200_000);
    proxy.next({ method: 'PUT' }, { cutRequestAfter: 64_000 }, 2);
    await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'unreachable');
    // S3 puts an object in place whole or not at all; s3rver does not: it writes the bytes into the
    // object's file as they arrive, so whether the first of them are there when the retry looks is
    // up to s3rver. Either way the target's answer matches what is stored.
    const outcome = await target.putOnce(name, bytes, sha(bytes));
    const stored = await readFile(storedFile());
    if (outcome === 'written') expect(stored.equals(bytes)).toBe(true);
    else {
      expect(outcome).toBe('different');
      expect(stored.byteLength).toBeLessThan(bytes.byteLength);
      expect(bytes.subarray(0, stored.byteLength).equals(stored)).toBe(true);
    }
  });

  it('fails a download cut mid-body as unreachable, never handing back part of the file', async () => {
    fresh();
    const bytes = randomBytes(200_000);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
    const cut = proxy.next({ method: 'GET' }, { cutResponseAfter: 50_000 }, 2);
    await expectTargetError(target.get(name), 'unreachable');
    // The body is read after the SDK's send has returned, so no retry of the SDK's hides the cut.
    expect(cut.fired).toBe(1);
    proxy.reset();
    expect(Buffer.from((await target.get(name)) ?? []).equals(bytes)).toBe(true);
  });

  it('answers "same" on retry when the object was stored but both answers were lost', async () => {
    fresh();
    const bytes = randomBytes(10_000);
    const lost = proxy.next({ method: 'PUT' }, { loseAnswer: true }, 2);
    await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'unreachable');
    expect(lost.fired).toBe(2);
    expect((await readFile(storedFile())).equals(bytes)).toBe(true);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('same');
  });

  const refusals: Array<[method: string, status: number, code: string, kind: 'unreachable' | 'full' | 'read-only', attempts: number]> = [
    ['PUT', 500, 'InternalError', 'unreachable', 2],
    ['PUT', 503, 'SlowDown', 'unreachable', 2],
    ['HEAD', 503, 'SlowDown', 'unreachable', 2],
    ['PUT', 507, 'XMinioStorageFull', 'full', 1],
    ['PUT', 403, 'AccessDenied', 'read-only', 1],
  ];
  it.each(refusals)('reports %s answered %i %s as %s, says so, stores nothing, and writes once the server takes it', async (method, status, code, expected, attempts) => {
    fresh();
    const bytes = randomBytes(5000);
    const rule = proxy.next({ method }, s3Error(status, code), 2);
    const error = await expectTargetError(target.putOnce(name, bytes, sha(bytes)), expected);
    expect(rule.fired).toBe(attempts);
    // A HEAD answer has no body, so only its status can be told.
    expect(error.message).toContain(method === 'HEAD' ? `(${status})` : `${code} (${status})`);
    await expect(readFile(storedFile())).rejects.toMatchObject({ code: 'ENOENT' });
    proxy.reset();
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
  });

  it('reports a bare 507 (no S3 error code) as full', async () => {
    fresh();
    const bytes = randomBytes(100);
    proxy.next({ method: 'PUT' }, { status: 507 });
    await expectTargetError(target.putOnce(name, bytes, sha(bytes)), 'full');
  });

  const readFaults: Array<[what: string, method: string, path: RegExp, fault: Fault]> = [
    ['a 503 to the listing', 'GET', /list-type=2/, s3Error(503, 'SlowDown')],
    ['a 500 to the download', 'GET', /\.bundle(\?|$)/, s3Error(500, 'InternalError')],
    ['a dropped connection on the listing', 'GET', /list-type=2/, { drop: true }],
    ['a dropped connection on the download', 'GET', /\.bundle(\?|$)/, { drop: true }],
  ];
  it.each(readFaults)('fails a read with %s as unreachable, never as an empty listing or a missing file', async (_what, method, urlPath, fault) => {
    fresh();
    const bytes = randomBytes(1000);
    expect(await target.putOnce(name, bytes, sha(bytes))).toBe('written');
    proxy.next({ method, path: urlPath }, fault, 2);
    await expectTargetError(urlPath.source.includes('list') ? target.list('devices/d/') : target.get(name), 'unreachable');
  });
});

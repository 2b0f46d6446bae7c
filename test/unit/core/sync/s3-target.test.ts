import { createHash } from 'node:crypto';
import net from 'node:net';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Target, type S3TargetOptions } from '../../../../electron/core/sync/s3-target';
import { expectTargetError } from '../../../support/target-errors';
import { rawHttpServer, type RawServer } from '../../../support/raw-http-server';
import { startS3Server, type S3Server } from '../../../support/s3-server';
import { describeTargetContract } from '../../../support/sync-target-contract';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('S3Target on s3rver', () => {
  let server: S3Server;
  const targets: S3Target[] = [];
  const targetOn = (extra: Partial<S3TargetOptions> = {}) => {
    const t = new S3Target({
      endpoint: server.endpoint,
      bucket: server.bucket,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      timeoutMs: 5000,
      ...extra,
    });
    targets.push(t);
    return t;
  };
  /** Another writer that goes straight to the bucket, with no target's checks. */
  const writeDirectly = async (key: string, body: Uint8Array) => {
    const client = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    try {
      await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: body }));
    } finally {
      client.destroy();
    }
  };

  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    for (const t of targets) t.close();
    await server?.stop();
  });

  let fresh = 0;
  describeTargetContract('S3 (s3rver)', () => Promise.resolve(targetOn({ prefix: `contract-${++fresh}/` })));

  it('finds that s3rver ignores If-None-Match, and says so', async () => {
    const t = targetOn({ prefix: 'probe/' });
    expect(t.conditionalWrites).toBe('unknown');
    expect(await t.probe()).toBe('ignored');
    expect(t.conditionalWrites).toBe('ignored');
    // The probe cleans up after itself: nothing is left under its prefix.
    expect(await t.list('.outpost-probe/')).toEqual([]);
  });

  it('answers "different" when another writer put other bytes under the name right after our PUT (the read-back)', async () => {
    const t = targetOn({ prefix: 'readback/' });
    const name = 'devices/a/0000000000000001.bundle';
    const ours = bytesOf('ours');
    // Hold the target's read-back GET until the other writer has overwritten the key, as s3rver lets it.
    await server.hold('GET', `/${server.bucket}/readback/${name}`, () => writeDirectly(`readback/${name}`, bytesOf('theirs')));
    expect(await t.putOnce(name, ours, sha(ours))).toBe('different');
    expect(Buffer.from((await t.get(name))!).toString()).toBe('theirs');
  });

  it('leaves the window between HEAD and PUT open on s3rver: the earlier writer is overwritten, but its own read-back tells', async () => {
    const a = targetOn({ prefix: 'window/' });
    const b = targetOn({ prefix: 'window/' });
    const name = 'devices/a/0000000000000001.bundle';
    const key = `/${server.bucket}/window/${name}`;
    const mine = bytesOf('a');
    const theirs = bytesOf('b');
    // The order forced through the server: A HEAD (free), [A's PUT held:] B HEAD (free), B PUT,
    // [B's read-back GET held:] A PUT (s3rver ignores If-None-Match and replaces B's), A GET; then B GET.
    let finishA!: () => void;
    const aFinished = new Promise<void>((resolve) => (finishA = resolve));
    let bOutcome: Promise<string> | undefined;
    await server.hold('PUT', key, async () => {
      let bAtGet!: () => void;
      const reached = new Promise<void>((resolve) => (bAtGet = resolve));
      await server.hold('GET', key, async () => {
        bAtGet();
        await aFinished;
      });
      bOutcome = b.putOnce(name, theirs, sha(theirs));
      await reached;
    });
    expect(await a.putOnce(name, mine, sha(mine))).toBe('written');
    finishA();
    expect(await bOutcome).toBe('different');
    expect(Buffer.from((await a.get(name))!).toString()).toBe('a');
  });

  it('looks before writing: a taken name is compared, and nothing is uploaded over it', async () => {
    const t = targetOn({ prefix: 'look/' });
    await writeDirectly('look/x', bytesOf('there first'));
    const other = bytesOf('other');
    expect(await t.putOnce('x', other, sha(other))).toBe('different');
    const same = bytesOf('there first');
    expect(await t.putOnce('x', same, sha(same))).toBe('same');
    expect(Buffer.from((await t.get('x'))!).toString()).toBe('there first');
  });

  it('lists across pages, only direct children, from a cursor on, relative to its prefix', async () => {
    const t = targetOn({ prefix: 'paged/', listPageSize: 3 });
    const names = Array.from({ length: 10 }, (_, i) => `dev/${String(i).padStart(16, '0')}.bundle`);
    for (const n of [...names].reverse()) expect(await t.putOnce(n, bytesOf(n), sha(bytesOf(n)))).toBe('written');
    await t.putOnce('dev/sub/deeper', bytesOf('deeper'), sha(bytesOf('deeper')));
    await writeDirectly('paged-not-ours/dev/x', bytesOf('x'));
    expect(await t.list('dev/')).toEqual(names);
    // s3rver really pages at 3 (so the listing above followed continuation tokens).
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } });
    const first = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: 'paged/dev/', Delimiter: '/', MaxKeys: 3 }));
    client.destroy();
    expect(first.IsTruncated).toBe(true);
    expect(first.Contents?.length).toBe(3);
    expect(await t.list('dev/', names[6])).toEqual(names.slice(7));
    expect(await t.list('dev/', names[9])).toEqual([]);
    expect(await t.list('')).toEqual([]);
  });

  it('lists nothing under an empty prefix, and gets null for a missing key', async () => {
    const t = targetOn({ prefix: 'empty/' });
    expect(await t.list('never/')).toEqual([]);
    expect(await t.get('never/file')).toBeNull();
  });

  it('keeps names with spaces, percent signs and unicode, and empty files', async () => {
    const t = targetOn({ prefix: 'odd/' });
    const empty = new Uint8Array(0);
    expect(await t.putOnce('a b%20c/é', empty, sha(empty))).toBe('written');
    expect((await t.get('a b%20c/é'))!.byteLength).toBe(0);
    expect(await t.list('a b%20c/')).toEqual(['a b%20c/é']);
  });

  it('refuses an unknown access key id (s3rver checks the id, not the signature): unreachable, never an empty listing', async () => {
    const t = targetOn({ prefix: 'look/', accessKeyId: 'WRONG', secretAccessKey: 'WRONG' });
    const body = bytesOf('x');
    const e = await expectTargetError(t.list('dev/'), 'unreachable');
    expect(e.message).toMatch(/InvalidAccessKeyId/);
    await expectTargetError(t.get('x'), 'unreachable');
    await expectTargetError(t.putOnce('y', body, sha(body)), 'unreachable');
    // s3rver checks the access key id only: it does not verify SigV4 signatures, so a wrong
    // secret passes there (real S3 and MinIO answer SignatureDoesNotMatch, mapped the same way).
    const badSecret = targetOn({ prefix: 'secret/', secretAccessKey: 'WRONG' });
    expect(await badSecret.list('')).toEqual([]);
    expect(await badSecret.get('never')).toBeNull();
  });

  it('names a bucket that does not exist', async () => {
    const t = targetOn({ bucket: 'no-such-bucket' });
    const body = bytesOf('x');
    expect((await expectTargetError(t.list('dev/'), 'unreachable')).message).toMatch(/bucket "no-such-bucket" does not exist/);
    expect((await expectTargetError(t.get('x'), 'unreachable')).message).toMatch(/no-such-bucket/);
    expect((await expectTargetError(t.putOnce('x', body, sha(body)), 'unreachable')).message).toMatch(/no-such-bucket/);
  });

  it('fails fast when the server is gone: unreachable within seconds, never an empty listing', async () => {
    const own = await startS3Server();
    const t = new S3Target({ endpoint: own.endpoint, bucket: own.bucket, accessKeyId: own.accessKeyId, secretAccessKey: own.secretAccessKey, timeoutMs: 2000 });
    targets.push(t);
    const body = bytesOf('y');
    expect(await t.putOnce('gone/y', body, sha(body))).toBe('written');
    expect(await t.list('gone/')).toEqual(['gone/y']);
    await own.stop();
    const started = Date.now();
    await expectTargetError(t.list('gone/'), 'unreachable');
    await expectTargetError(t.get('gone/y'), 'unreachable');
    await expectTargetError(t.putOnce('gone/z', body, sha(body)), 'unreachable');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** The same contract against a real S3 or MinIO, when the environment names one. */
const env = {
  endpoint: process.env.OUTPOST_S3_ENDPOINT,
  bucket: process.env.OUTPOST_S3_BUCKET,
  accessKeyId: process.env.OUTPOST_S3_ACCESS_KEY_ID,
  secretAccessKey: process.env.OUTPOST_S3_SECRET_ACCESS_KEY,
};
const missing = Object.entries(env)
  .filter(([, v]) => !v)
  .map(([k]) => k);

describe('S3Target on a real endpoint (OUTPOST_S3_*)', () => {
  if (missing.length > 0) {
    it.skip(`skipped: set OUTPOST_S3_ENDPOINT, OUTPOST_S3_BUCKET, OUTPOST_S3_ACCESS_KEY_ID, OUTPOST_S3_SECRET_ACCESS_KEY (and OUTPOST_S3_REGION) to run`, () => {});
    return;
  }
  // Each run writes under a prefix of its own: the bucket keeps what earlier runs wrote (targets never delete).
  const run = `outpost-test-${Date.now()}-${process.pid}`;
  let n = 0;
  const targetOf = (prefix: string) =>
    new S3Target({
      endpoint: env.endpoint!,
      bucket: env.bucket!,
      accessKeyId: env.accessKeyId!,
      secretAccessKey: env.secretAccessKey!,
      ...(process.env.OUTPOST_S3_REGION ? { region: process.env.OUTPOST_S3_REGION } : {}),
      prefix,
      timeoutMs: 15_000,
    });
  describeTargetContract('S3 (OUTPOST_S3_ENDPOINT)', () => Promise.resolve(targetOf(`${run}/contract-${++n}/`)));

  it('reports whether the server honours If-None-Match', async () => {
    const t = targetOf(`${run}/probe/`);
    expect(['honoured', 'ignored']).toContain(await t.probe());
    console.info(`${env.endpoint}: conditional writes ${t.conditionalWrites}`);
  });
});

/** What s3rver cannot show: a server that honours If-None-Match, and failures on demand. */
async function rawServer(...answers: string[]): Promise<RawServer & { endpoint: string }> {
  const raw = await rawHttpServer(...answers);
  return { ...raw, endpoint: raw.origin };
}

const answer = (line: string, body = '', headers = '') =>
  `HTTP/1.1 ${line}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}Connection: close\r\n\r\n${body}`;
const s3Error = (line: string, code: string) => answer(line, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`, 'Content-Type: application/xml\r\n');

describe('S3Target on the wire', () => {
  const on = (endpoint: string, timeoutMs = 5000) => new S3Target({ endpoint, bucket: 'b', prefix: 'p/', accessKeyId: 'k', secretAccessKey: 's', timeoutMs });

  it('sends If-None-Match: * and the SHA-256; a 412 means taken, is compared, and proves conditional writes honoured', async () => {
    const raw = await rawServer(answer('404 Not Found'), s3Error('412 Precondition Failed', 'PreconditionFailed'), answer('200 OK', 'same'));
    const t = on(raw.endpoint);
    try {
      const body = bytesOf('same');
      expect(await t.putOnce('a/b', body, sha(body))).toBe('same');
      expect(t.conditionalWrites).toBe('honoured');
      expect(raw.requests.map((r) => r.split(' ', 2).join(' '))).toEqual([
        expect.stringMatching(/^HEAD \/b\/p\/a\/b/),
        expect.stringMatching(/^PUT \/b\/p\/a\/b/),
        expect.stringMatching(/^GET \/b\/p\/a\/b/),
      ]);
      const put = raw.requests[1]!;
      expect(put).toMatch(/\r\nif-none-match: \*\r\n/i);
      expect(put).toMatch(new RegExp(`\\r\\nx-amz-checksum-sha256: ${Buffer.from(sha(body), 'hex').toString('base64').replace(/[+/]/g, '\\$&')}\\r\\n`, 'i'));
      expect(put).toMatch(/\r\ncontent-length: 4\r\n/i);
      expect(put.endsWith('\r\n\r\nsame')).toBe(true);
    } finally {
      t.close();
      await raw.close();
    }
  });

  it('probes a server that refuses the second conditional PUT as honouring conditional writes, and removes the probe', async () => {
    const raw = await rawServer(answer('200 OK'), s3Error('412 Precondition Failed', 'PreconditionFailed'), answer('204 No Content'));
    const t = on(raw.endpoint);
    try {
      expect(await t.probe()).toBe('honoured');
      // Method and path, without the query the SDK adds (x-id=PutObject).
      const lines = raw.requests.map((r) => r.split(' ', 2).join(' ').split('?')[0] ?? '');
      expect(lines[0]).toMatch(/^PUT \/b\/p\/\.outpost-probe\/[0-9a-f]{16}$/);
      expect(lines[1]).toBe(lines[0]);
      expect(lines[2]).toBe(lines[0]?.replace('PUT', 'DELETE'));
      for (const put of raw.requests.slice(0, 2)) expect(put).toMatch(/\r\nif-none-match: \*\r\n/i);
    } finally {
      t.close();
      await raw.close();
    }
  });

  it('answers "different" after a 409 ConditionalRequestConflict when other bytes are there', async () => {
    const raw = await rawServer(answer('404 Not Found'), s3Error('409 Conflict', 'ConditionalRequestConflict'), answer('200 OK', 'theirs'));
    const t = on(raw.endpoint);
    try {
      const body = bytesOf('ours');
      expect(await t.putOnce('a/b', body, sha(body))).toBe('different');
    } finally {
      t.close();
      await raw.close();
    }
  });

  it.each([
    ['403 Forbidden', 'AccessDenied', 'read-only'],
    ['400 Bad Request', 'EntityTooLarge', 'full'],
    ['403 Forbidden', 'QuotaExceeded', 'full'],
    ['503 Slow Down', 'SlowDown', 'unreachable'],
    ['500 Internal Server Error', 'InternalError', 'unreachable'],
    ['400 Bad Request', 'BadDigest', 'broken'],
  ] as const)('maps %s %s to a PUT to %s', async (line, code, kind) => {
    const raw = await rawServer(answer('404 Not Found'), s3Error(line, code));
    const t = on(raw.endpoint);
    try {
      const body = bytesOf('x');
      await expectTargetError(t.putOnce('a/b', body, sha(body)), kind);
    } finally {
      t.close();
      await raw.close();
    }
  });

  it('maps AccessDenied to a listing to unreachable (check the keys), never to an empty listing', async () => {
    const raw = await rawServer(s3Error('403 Forbidden', 'AccessDenied'));
    const t = on(raw.endpoint);
    try {
      await expectTargetError(t.list('a/'), 'unreachable');
    } finally {
      t.close();
      await raw.close();
    }
  });

  it('treats a body shorter than its Content-Length as unreachable, not as the file', async () => {
    const raw = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nshort');
    const t = on(raw.endpoint);
    try {
      await expectTargetError(t.get('a/b'), 'unreachable');
    } finally {
      t.close();
      await raw.close();
    }
  });

  it('times out a server that never answers, quickly', async () => {
    const server = net.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const t = on(`http://127.0.0.1:${port}`, 300);
    try {
      const started = Date.now();
      await expectTargetError(t.list('x/'), 'unreachable');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      t.close();
      server.close();
    }
  });
});

import { createHash, randomBytes } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { codeOf, failure, statusOf } from './s3/errors';
import { TargetError, type PutOutcome, type SyncTarget } from './target';

export type S3TargetOptions = {
  /** The server, e.g. https://s3.eu-central-1.amazonaws.com or http://minio.lan:9000 */
  endpoint: string;
  bucket: string;
  /** Everything goes under this key prefix ('' for the whole bucket; else it ends with '/'). */
  prefix?: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Deadline for each request's answer (and, separately, for the connection). */
  timeoutMs?: number;
  /** Keys per listing page (S3 gives at most 1000); smaller only to test paging. */
  listPageSize?: number;
};

/** What is known of the server's If-None-Match on PUT (see the class comment). */
export type ConditionalWrites = 'honoured' | 'ignored' | 'unknown';

const DEFAULT_TIMEOUT_MS = 30_000;
const PROBE_PREFIX = '.outpost-probe/';

/**
 * An S3 bucket (AWS or an S3-compatible server) as a sync target (./target.ts).
 * S3 puts an object in place whole or not at all, so no temporary name is needed.
 * Writing once rests on `If-None-Match: *` on the PUT (AWS since 2024, MinIO):
 * the server refuses with 412 when the key exists. Some servers ignore the header
 * and overwrite (s3rver does, test/unit/core/sync/s3-target.test.ts), so:
 *  - a HEAD before the upload finds a taken name on the common path, uploading nothing;
 *  - the object is read back after the PUT: other bytes there mean another writer
 *    got in after ours ('different', never a silent 'written').
 * What remains on such a server: a writer whose PUT lands between our HEAD and our
 * PUT is overwritten by ours, and if it read its object back before our PUT, both
 * answer 'written'. Each device writes only its own names, so only a copied vault
 * can meet another on a name; `conditionalWrites` (learned from a 412, or from
 * `probe()`) lets the app tell the user which kind of server this is.
 */
export class S3Target implements SyncTarget {
  readonly description: string;
  private learned: ConditionalWrites = 'unknown';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly root: string;
  private readonly pageSize: number | undefined;

  constructor(options: S3TargetOptions) {
    const endpoint = new URL(options.endpoint);
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new Error(`not an S3 endpoint: ${options.endpoint}`);
    const root = options.prefix ?? '';
    if (root !== '' && (!root.endsWith('/') || root.startsWith('/'))) throw new Error(`an S3 key prefix ends with '/' and does not start with one: ${root}`);
    this.bucket = options.bucket;
    this.root = root;
    this.pageSize = options.listPageSize;
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new S3Client({
      endpoint: endpoint.href,
      region: options.region ?? 'us-east-1',
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Path-style URLs (host/bucket/key) work on every S3-compatible server, and on AWS.
      forcePathStyle: true,
      // Two tries: one retry covers a dropped connection; more would keep a sync that
      // cannot reach its server waiting for minutes before it says so.
      maxAttempts: 2,
      // requestTimeout alone only logs a warning in this SDK (seen with a server that accepts
      // and never answers): throwOnRequestTimeout makes it an error, and socketTimeout also
      // ends an answer that stalls halfway.
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true, socketTimeout: timeout },
      // Our own SHA-256 goes with each PUT (below); no extra CRC32 the older servers cannot read,
      // and no response checksum demanded of servers that send none (what we read is compared anyway).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.description = `the S3 bucket ${options.bucket}${root ? ` (under ${root})` : ''} at ${endpoint.origin}`;
  }

  /** Learned on the way: a 412 proves it 'honoured'; only `probe()` can prove it 'ignored'. */
  get conditionalWrites(): ConditionalWrites {
    return this.learned;
  }

  async putOnce(name: string, bytes: Uint8Array, sha256: string): Promise<PutOutcome> {
    const key = this.root + name;
    // Looking first spares the upload when the name is taken, and is what keeps a
    // server that ignores If-None-Match from overwriting on the common path.
    if (await this.exists(key, name)) return this.compare(name, sha256);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          IfNoneMatch: '*',
          // Servers that check it refuse bytes that arrive other than sent (BadDigest);
          // s3rver ignores it, and the read-back below checks in its place.
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
    } catch (error) {
      // 412: the key appeared since the HEAD. 409: another conditional PUT of it is under way (AWS).
      if (codeOf(error) === 'PreconditionFailed' || statusOf(error) === 412 || codeOf(error) === 'ConditionalRequestConflict') {
        this.learned = 'honoured';
        return this.compare(name, sha256);
      }
      throw failure(error, `Could not write ${name} to ${this.description}`, 'write', this.bucket);
    }
    const stored = await this.get(name);
    if (stored === null) throw new TargetError('broken', `${name} is missing from ${this.description} right after it was written`);
    // Other bytes than ours: a writer on a server that ignores If-None-Match put its own after ours.
    return sha256Hex(stored) === sha256.toLowerCase() ? 'written' : 'different';
  }

  async list(prefix: string, after?: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.root + prefix,
            // Only direct children: deeper keys come back as CommonPrefixes, which are not files.
            Delimiter: '/',
            ...(after !== undefined ? { StartAfter: this.root + after } : {}),
            ...(token !== undefined ? { ContinuationToken: token } : {}),
            ...(this.pageSize !== undefined ? { MaxKeys: this.pageSize } : {}),
          }),
        );
      } catch (error) {
        throw failure(error, `Could not list ${prefix} in ${this.description}`, 'read', this.bucket);
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key;
        if (key === undefined || !key.startsWith(this.root + prefix)) continue;
        const name = key.slice(this.root.length);
        if (name === prefix || name.slice(prefix.length).includes('/')) continue;
        if (after !== undefined && !(name > after)) continue;
        names.push(name);
      }
      // A truncated page without a token would loop or stop short: neither is a listing.
      if (page.IsTruncated && !page.NextContinuationToken) throw new TargetError('broken', `${this.description} cut a listing of ${prefix} short without saying where to go on`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return names.sort(byCodeUnit);
  }

  async get(name: string): Promise<Uint8Array | null> {
    const what = `Could not read ${name} from ${this.description}`;
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.root + name }));
      const bytes = answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array(0);
      // A body shorter than announced is a cut answer, never the file.
      if (answer.ContentLength !== undefined && answer.ContentLength !== bytes.byteLength) {
        throw new TargetError('unreachable', `${what}: the answer held ${bytes.byteLength} of the ${answer.ContentLength} bytes it announced`);
      }
      return bytes;
    } catch (error) {
      // Only NoSuchKey means no file: NoSuchBucket is a 404 too, and must not read as "nothing yet".
      if (codeOf(error) === 'NoSuchKey') return null;
      throw failure(error, what, 'read', this.bucket);
    }
  }

  /**
   * Learns whether the server refuses a PUT with If-None-Match: * onto a taken key, by
   * writing a probe key twice under `.outpost-probe/` (below the target's prefix) and
   * removing it after (a leftover probe harms nothing: no device lists that prefix).
   */
  async probe(): Promise<ConditionalWrites> {
    const key = `${this.root}${PROBE_PREFIX}${randomBytes(8).toString('hex')}`;
    const what = `Could not probe ${this.description}`;
    const put = () => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: new Uint8Array(1), IfNoneMatch: '*' }));
    try {
      await put();
      try {
        await put();
        this.learned = 'ignored';
      } catch (error) {
        if (codeOf(error) !== 'PreconditionFailed' && statusOf(error) !== 412 && codeOf(error) !== 'ConditionalRequestConflict') throw error;
        this.learned = 'honoured';
      }
    } catch (error) {
      throw failure(error, what, 'write', this.bucket);
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
    }
    return this.learned;
  }

  /** Stops the client's kept-alive connections (the target is not used after). */
  close(): void {
    this.client.destroy();
  }

  private async exists(key: string, name: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      // A HEAD answer has no body, so a missing bucket is a 404 here too: the PUT that follows says which.
      if (codeOf(error) === 'NotFound' || codeOf(error) === 'NoSuchKey' || statusOf(error) === 404) return false;
      throw failure(error, `Could not look for ${name} in ${this.description}`, 'read', this.bucket);
    }
  }

  /** The name is taken: what it holds decides between 'same' and 'different'. */
  private async compare(name: string, sha256: string): Promise<PutOutcome> {
    const stored = await this.get(name);
    if (stored === null) throw new TargetError('broken', `${name} in ${this.description} was there, then was not (files are never removed)`);
    return sha256Hex(stored) === sha256.toLowerCase() ? 'same' : 'different';
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Name order is write order: plain code unit order, as on every target. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

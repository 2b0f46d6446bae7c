/**
 * The real servers the sync fault tests run through (Apache WebDAV, s3rver),
 * each behind a fault proxy, and what differs between them for those tests:
 * how a target is made for a folder of its own, which request lists a
 * device's segments, what an empty listing looks like, and where a file
 * lies on the server's disk. Everything else is the same test for both.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { S3Target } from '../../../../electron/core/sync/s3-target';
import type { SyncTarget } from '../../../../electron/core/sync/target';
import { WebDavTarget } from '../../../../electron/core/sync/webdav-target';
import { davServerMissing, startDavServer } from '../../../support/dav-servers';
import { startFaultProxy, type Fault, type FaultMatch, type FaultProxy } from '../../../support/fault-proxy';
import { startS3Server } from '../../../support/s3-server';

export type FaultBackend = {
  proxy: FaultProxy;
  /** A target for `folder` (made if need be), reached through the proxy; a new one each call, as each run opens its own. */
  target: (folder: string) => Promise<SyncTarget>;
  /** The request that lists `device`'s segments. */
  listingOf: (device: string) => FaultMatch;
  /** The answer of a server that lists nothing there. */
  emptyListing: Fault;
  /** Puts `bytes` under `name` in `folder` on the server's disk, as a program other than a target would. */
  placeFile: (folder: string, name: string, bytes: Uint8Array) => Promise<void>;
  stop: () => Promise<void>;
};

export type FaultBackendKind = {
  kind: string;
  /** Why the server cannot run here, or null. */
  missing: string | null;
  /** How many times the client sends a request whose connection failed or that got a passing error (the S3 SDK retries once). */
  attempts: number;
  /**
   * Whether a cut upload leaves nothing under the file's name. s3rver writes an object's bytes
   * in place as they arrive (AWS, MinIO do not), so there a cut upload leaves its first bytes.
   */
  wholeOrNothing: boolean;
  start: () => Promise<FaultBackend>;
};

const xml = { 'content-type': 'application/xml; charset=utf-8' };

async function apacheBehindProxy(): Promise<FaultBackend> {
  const server = await startDavServer('apache');
  const proxy = await startFaultProxy(server.url);
  const authorization = `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}`;
  const made = new Set<string>();
  return {
    proxy,
    target: async (folder) => {
      const url = new URL(`${folder}/`, server.url);
      // The target's own folder must exist (as on a real server, where the user makes it).
      if (!made.has(folder)) {
        const answer = await fetch(url, { method: 'MKCOL', headers: { authorization } });
        if (answer.status !== 201) throw new Error(`MKCOL ${url.href} answered ${answer.status}`);
        made.add(folder);
      }
      return new WebDavTarget({ url: proxy.via(url.href), user: server.user, password: server.password, timeoutMs: 5000 });
    },
    listingOf: (device) => ({ method: 'PROPFIND', path: new RegExp(`/devices/${device}/$`) }),
    emptyListing: { status: 207, headers: xml, body: '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:"></D:multistatus>\n' },
    placeFile: (folder, name, bytes) => writeFile(path.join(server.root, folder, name), bytes),
    stop: async () => {
      await proxy.close();
      await server.stop();
    },
  };
}

async function s3rverBehindProxy(): Promise<FaultBackend> {
  const server = await startS3Server();
  const proxy = await startFaultProxy(server.endpoint);
  const targets: S3Target[] = [];
  return {
    proxy,
    target: (folder) => {
      const target = new S3Target({ endpoint: proxy.via(server.endpoint), bucket: server.bucket, prefix: `${folder}/`, accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, timeoutMs: 5000 });
      targets.push(target);
      return Promise.resolve(target);
    },
    // The device id is only ever in the prefix (and start-after) of its own listing.
    listingOf: (device) => ({ method: 'GET', path: new RegExp(`[?&]list-type=2&.*${device}`) }),
    emptyListing: {
      status: 200,
      headers: xml,
      body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${server.bucket}</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`,
    },
    // s3rver keeps an object's bytes in one file, and answers its length from that file's size.
    placeFile: async (folder, name, bytes) => {
      const file = path.join(server.directory, server.bucket, folder, `${name}._S3rver_object`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    stop: async () => {
      for (const target of targets.splice(0)) target.close();
      await proxy.close();
      await server.stop();
    },
  };
}

export const faultBackends: FaultBackendKind[] = [
  { kind: 'Apache WebDAV', missing: davServerMissing('apache'), attempts: 1, wholeOrNothing: true, start: apacheBehindProxy },
  { kind: 's3rver', missing: null, attempts: 2, wholeOrNothing: false, start: s3rverBehindProxy },
];

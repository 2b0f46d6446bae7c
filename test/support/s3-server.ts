import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * A real s3rver (the npm package: the S3 HTTP API over files) for the S3
 * target's tests, in a child process of its own on a port of 127.0.0.1 the
 * kernel picks (port 0), with its own folder and one bucket made at start.
 * A child process, not in-process, because s3rver makes its listing
 * continuation tokens with DES, which Node 20's OpenSSL 3 only has with
 * --openssl-legacy-provider (without it every second listing page is a 500).
 * `hold` pauses one request before s3rver sees it, so a test can put another
 * writer's object in between, deterministically, through the same server.
 * Its PUT is mended to answer only once the object can be read whole (see CHILD).
 */
export type S3Server = {
  endpoint: string;
  bucket: string;
  /** s3rver's one account; it checks the access key id (not the signature), so other key ids are refused. */
  accessKeyId: string;
  secretAccessKey: string;
  /** The folder s3rver keeps the buckets in. */
  directory: string;
  /** Runs `meanwhile` when the next request with this method and path (/bucket/key) arrives, before s3rver handles it. */
  hold: (method: string, urlPath: string, meanwhile: () => Promise<void>) => Promise<void>;
  stop: () => Promise<void>;
};

const CHILD = `
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const S3rver = require(process.env.S3RVER_MAIN);
const FilesystemStore = require(path.join(path.dirname(process.env.S3RVER_MAIN), 'stores', 'filesystem.js'));
// s3rver 3.7 answers a PUT once it has read the body, not once the bytes are in the object's
// file (it waits for its digest stream, not for the file stream), so a GET right after the
// answer can read part of them: a target's read-back then finds other bytes than it wrote
// ('different', seen under load). No S3 answers before the object is readable: the same
// store here answers once the file is written and closed. It still writes in place, as
// s3rver does, so a cut upload leaves its first bytes under the key (no S3 does that).
FilesystemStore.prototype.putObject = async function putObject(object) {
  const file = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const md5 = crypto.createHash('md5');
  let size = 0;
  const digest = async function* (chunks) {
    for await (const chunk of chunks) {
      md5.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  };
  await pipeline(Buffer.isBuffer(object.content) ? [object.content] : object.content, digest, fs.createWriteStream(file));
  const hex = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, hex);
  return { size, md5: hex };
};
const holds = [];
const waiting = new Map();
process.on('message', (m) => {
  if (m.hold) { holds.push(m.hold); process.send({ holding: m.hold.id }); }
  if (m.release) { waiting.get(m.release)?.(); waiting.delete(m.release); }
  if (m.stop) { server.closeAllConnections(); server.close(() => process.exit(0)); }
});
process.on('disconnect', () => process.exit(0));
const s3 = new S3rver({ silent: true, directory: process.env.S3RVER_DIR, configureBuckets: [{ name: process.env.S3RVER_BUCKET }] });
const handle = s3.callback();
const server = http.createServer(async (req, res) => {
  const path = decodeURIComponent(req.url.split('?')[0]);
  const i = holds.findIndex((h) => h.method === req.method && h.path === path);
  if (i !== -1) {
    const [h] = holds.splice(i, 1);
    await new Promise((resolve) => { waiting.set(h.id, resolve); process.send({ held: h.id }); });
  }
  handle(req, res);
});
s3.configureBuckets().then(() => server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port })));
`;

export async function startS3Server(): Promise<S3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'outpost-s3rver-'));
  const bucket = 'outpost-test';
  const script = path.join(directory, 'server.cjs');
  await writeFile(script, CHILD);
  const child: ChildProcess = fork(script, [], {
    execArgv: ['--openssl-legacy-provider'],
    env: {
      ...process.env,
      S3RVER_MAIN: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_DIR: path.join(directory, 'buckets'),
      S3RVER_BUCKET: bucket,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('s3rver did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before it listened`)));
    child.on('message', (m: { port?: number }) => {
      if (m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
  });
  const actions = new Map<string, () => Promise<void>>();
  child.on('message', (m: { held?: string }) => {
    if (!m.held) return;
    const action = actions.get(m.held);
    actions.delete(m.held);
    void (action ? action() : Promise.resolve()).finally(() => child.send({ release: m.held }));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    directory: path.join(directory, 'buckets'),
    hold: (method, urlPath, meanwhile) =>
      new Promise((resolve) => {
        const id = randomBytes(8).toString('hex');
        actions.set(id, meanwhile);
        const ack = (m: { holding?: string }) => {
          if (m.holding !== id) return;
          child.off('message', ack);
          resolve();
        };
        child.on('message', ack);
        child.send({ hold: { id, method, path: urlPath } });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send({ stop: true });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

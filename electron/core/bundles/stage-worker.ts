/**
 * Entry of the staging worker thread: bundled on its own and built in as a
 * string (build/node-bundle.mjs, __OUTPOST_STAGE_WORKER__), run by
 * ./stage-worker-client.ts. It stages big evidence files (./blob-sealer.ts:
 * hash, seal, write), so that an import's SHA-256 and AES-GCM run beside
 * the caller's age decryption and archive reading instead of after them.
 *
 * Messages are handled one after the other per staged file, each only once
 * the one before it is done:
 *   { id, op: 'open', plan }          → nothing (a failure is said later)
 *   { id, op: 'data', data, length }  → { id, op: 'ack', bytes, data? } once taken and the disk keeps up,
 *                                       with the buffer given back when nothing of it is still held
 *   { id, op: 'finish' }              → { id, op: 'done', sha256 }
 *   { id, op: 'abort' }               → { id, op: 'aborted' } once the file is removed
 * After a failure: { id, op: 'failed', message, code } (the file removed),
 * and every later message of that id is ignored.
 */
import { parentPort } from 'node:worker_threads';
import { BlobSealer, type SealPlan } from './blob-sealer';

export type ToStageWorker =
  | { id: number; op: 'open'; plan: SealPlan }
  | { id: number; op: 'data'; data: ArrayBuffer; length: number }
  | { id: number; op: 'finish' }
  | { id: number; op: 'abort' };

export type FromStageWorker =
  | { id: number; op: 'ack'; bytes: number; data?: ArrayBuffer }
  | { id: number; op: 'done'; sha256: string }
  | { id: number; op: 'aborted' }
  | { id: number; op: 'failed'; message: string; code?: string };

type Stream = { sealer: BlobSealer | null; failed: boolean; queue: Promise<void> };

const port = parentPort;
const streams = new Map<number, Stream>();

const post = (message: FromStageWorker) => port?.postMessage(message);

async function step(stream: Stream, message: ToStageWorker): Promise<void> {
  const { id } = message;
  if (message.op === 'abort') {
    await stream.sealer?.discard();
    streams.delete(id);
    return post({ id, op: 'aborted' });
  }
  if (stream.failed) return;
  try {
    if (message.op === 'open') {
      stream.sealer = await BlobSealer.create(message.plan);
    } else if (message.op === 'data') {
      const sealer = stream.sealer as BlobSealer;
      await sealer.write(new Uint8Array(message.data, 0, message.length));
      // Batches of whole chunks are sealed at once: the buffer goes back for the next batch, not to the garbage.
      if (sealer.holdsInput) post({ id, op: 'ack', bytes: message.length });
      else port?.postMessage({ id, op: 'ack', bytes: message.length, data: message.data } satisfies FromStageWorker, [message.data]);
    } else {
      const sha256 = (await stream.sealer?.finish()) ?? '';
      streams.delete(id);
      post({ id, op: 'done', sha256 });
    }
  } catch (error) {
    stream.failed = true;
    streams.delete(id);
    await stream.sealer?.discard();
    const code = (error as NodeJS.ErrnoException).code;
    post({ id, op: 'failed', message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) });
  }
}

port?.on('message', (message: ToStageWorker) => {
  let stream = streams.get(message.id);
  if (!stream) {
    if (message.op !== 'open') return;
    stream = { sealer: null, failed: false, queue: Promise.resolve() };
    streams.set(message.id, stream);
  }
  const current = stream;
  current.queue = current.queue.then(() => step(current, message));
});

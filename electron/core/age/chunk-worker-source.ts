/**
 * The code of a chunk worker thread (./chunk-worker.ts), bundled and put in
 * as a string when the app, the tests or the benchmarks are built
 * (build/node-bundle.mjs defines __OUTPOST_CHUNK_WORKER__): it is evaluated
 * with `new Worker(source, { eval: true })`, so it needs no file of its own
 * and runs the same from an asar archive. Null where it was not built in:
 * chunks are then sealed and opened inline.
 */
declare const __OUTPOST_CHUNK_WORKER__: string | undefined;

export const CHUNK_WORKER_SOURCE: string | null = typeof __OUTPOST_CHUNK_WORKER__ === 'string' ? __OUTPOST_CHUNK_WORKER__ : null;

// How the Node side is bundled, shared by `npm run build`, the tests that
// run the real CLI and host, the benchmarks and vitest. It includes the
// worker threads whose code is built into the app as a string (see
// electron/core/bundles/event-lines-pool.ts): each is bundled on its own and
// handed to esbuild's or Vite's `define`, so all of them run the very same
// worker code.
import path from 'node:path';
import { build } from 'esbuild';

const workers = {
  __OUTPOST_EVENT_LINES_WORKER__: 'electron/core/bundles/event-lines-worker.ts',
  __OUTPOST_STAGE_WORKER__: 'electron/core/bundles/stage-worker.ts',
};

/** `define` entries: each worker's bundled CommonJS source as a JSON string literal. */
export async function workerDefines(root) {
  const defines = {};
  for (const [name, entry] of Object.entries(workers)) {
    const result = await build({
      entryPoints: [path.join(root, entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      write: false,
      logLevel: 'warning',
    });
    defines[name] = JSON.stringify(result.outputFiles[0].text);
  }
  return defines;
}

/** esbuild options for the Node entries (Electron main, host, CLI): CommonJS for Node 20, `electron` left to the runtime, sodium-native (a native module) required from node_modules. */
export async function nodeEntryOptions(root) {
  return {
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'sodium-native'],
    define: await workerDefines(root),
  };
}

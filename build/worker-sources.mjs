// The worker threads whose code is built into the app as a string (see
// electron/core/bundles/event-lines-pool.ts): each entry is bundled on its
// own and handed to esbuild's or Vite's `define`, so the app, the CLI, the
// tests and the benchmarks all run the very same worker code.
import path from 'node:path';
import { build } from 'esbuild';

const workers = {
  __OUTPOST_EVENT_LINES_WORKER__: 'electron/core/bundles/event-lines-worker.ts',
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

// `npm run bench [-- PREFIX]`: runs the benchmarks in test/bench/*.bench.ts
// and prints one JSON object per line: {"name","value","unit",...}.
// Each bench file exports `benchmarks` (the names it prints) and
// `run(prefix): Promise<Result[]>`; with a PREFIX only files with a matching
// name run, and only matching results print (a file may use the prefix it is
// given to skip the benchmarks it does not name). Files are bundled with esbuild so
// they run under plain Node like the app does.
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { workerDefines } from './node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prefix = process.argv[2] ?? '';
const benchDir = path.join(root, 'test', 'bench');
const files = (await readdir(benchDir).catch(() => [])).filter((f) => f.endsWith('.bench.ts')).sort();
// Inside the repository, so bundled files still resolve node_modules.
// Per process, so two runs at once (e.g. from two work trees) do not remove each other's files.
const out = path.join(root, 'node_modules', '.cache', `outpost-bench-${process.pid}`);
await mkdir(out, { recursive: true });
let failed = false;
const define = await workerDefines(root);

try {
  for (const file of files) {
    const bundled = path.join(out, file.replace(/\.ts$/, '.mjs'));
    await build({
      entryPoints: [path.join(benchDir, file)],
      outfile: bundled,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      define,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
    const mod = await import(pathToFileURL(bundled).href);
    const names = Array.isArray(mod.benchmarks) ? mod.benchmarks : [];
    if (prefix && !names.some((n) => n.startsWith(prefix) || prefix.startsWith(n))) continue;
    process.stderr.write(`bench: ${file}\n`);
    try {
      for (const result of await mod.run(prefix)) {
        if (!prefix || result.name.startsWith(prefix)) process.stdout.write(`${JSON.stringify(result)}\n`);
      }
    } catch (error) {
      failed = true;
      process.stderr.write(`bench: ${file} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

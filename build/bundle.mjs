// Builds everything the app runs: the renderer with Vite, and the Node side
// (Electron main, preload, browser-mode host, CLI) with esbuild into
// CommonJS files under dist/electron. `electron` stays external.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { nodeEntryOptions } from './node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

await viteBuild({ configFile: path.join(root, 'build', 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });

const entries = {
  main: 'electron/main.ts',
  core: 'electron/core-process/entry.ts',
  preload: 'electron/preload.ts',
  host: 'electron/host/serve.ts',
  cli: 'electron/cli.ts',
};

await esbuild({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
  outdir: path.join(root, 'dist', 'electron'),
  ...(await nodeEntryOptions(root)),
  sourcemap: true,
  logLevel: quiet ? 'warning' : 'info',
});

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeEntryOptions } from '../../build/node-bundle.mjs';

// The repository: vitest and `npm run bench` both run from there (a bundled bench cannot use its own location).
const root = process.cwd();

/**
 * Bundles the CLI, the browser-mode host and the desktop app's core process as `npm run build` does (esbuild,
 * CommonJS, Node 20) into `outDir`, so tests can run the real programs as
 * separate processes from the current sources.
 */
export async function buildEntries(outDir: string): Promise<{ cli: string; host: string; core: string }> {
  await build({
    entryPoints: { cli: path.join(root, 'electron', 'cli.ts'), host: path.join(root, 'electron', 'host', 'serve.ts'), core: path.join(root, 'electron', 'core-process', 'entry.ts') },
    outdir: outDir,
    ...(await nodeEntryOptions(root)),
    logLevel: 'warning',
  });
  return { cli: path.join(outDir, 'cli.cjs'), host: path.join(outDir, 'host.cjs'), core: path.join(outDir, 'core.cjs') };
}

export type RunningHost = { origin: string; token: string; call: (method: string, input: unknown) => Promise<unknown>; stop: () => Promise<void> };

/**
 * Spawns a bundled host over `vaultDir` (its settings in `configDir`, `nodeArgs`
 * given to node) and reads the URL with the token that it prints on start.
 */
export async function spawnHost(hostFile: string, vaultDir: string, configDir: string, options: { nodeArgs?: string[]; hostArgs?: string[] } = {}): Promise<{ child: ChildProcess; url: URL }> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), hostFile, '--vault', vaultDir, ...(options.hostArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], OUTPOST_CONFIG_DIR: configDir },
  });
  let output = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open:\s+(\S+)/.exec(output);
      if (match?.[1]) resolve(new URL(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host exited with ${String(code)}:\n${output}`)));
  });
  return { child, url };
}

/** Starts the bundled host over `vaultDir` and reads the URL (and token) it prints. */
export async function startHost(hostFile: string, vaultDir: string, configDir: string): Promise<RunningHost> {
  const { child, url } = await spawnHost(hostFile, vaultDir, configDir);
  const token = url.hash.replace(/^#token=/, '');
  return {
    origin: url.origin,
    token,
    call: async (method, input) => {
      const response = await fetch(`${url.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
      return (await response.json()) as unknown;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type Finished = { code: number | null; stdout: string; stderr: string; ms: number };

/** Runs the bundled CLI to its end, as a script would. */
export function runBuiltCli(cliFile: string, args: string[], env: Record<string, string>): Promise<Finished> {
  const started = performance.now();
  const child = spawn(process.execPath, [cliFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'], ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started })));
}

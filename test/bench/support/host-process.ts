/**
 * The browser-mode host as users run it (`npm run start:web`): the built
 * dist/electron/host.cjs as its own Node process, with autoSync on, reached
 * over HTTP with the access token it prints (no browser: no Origin header,
 * the token still has to match). For benchmarks that measure that process:
 * `cpuMs` reads its CPU time from /proc.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnHost } from '../../support/built-entries';

export type HostProcess = {
  pid: number;
  origin: string;
  call: <T>(method: string, args: unknown) => Promise<T>;
  stop: () => Promise<void>;
};

// `npm run bench` runs from the repository (a bundled bench cannot use its own location).
const root = process.cwd();

/** Starts dist/electron/host.cjs (built first if missing) over `vaultDir`, its settings in `configDir`; `nodeArgs` go to node (e.g. --cpu-prof). */
export async function startHostProcess(vaultDir: string, configDir: string, nodeArgs: string[] = []): Promise<HostProcess> {
  const hostFile = path.join(root, 'dist', 'electron', 'host.cjs');
  if (!existsSync(hostFile)) execFileSync(process.execPath, [path.join(root, 'build', 'bundle.mjs'), '--quiet'], { stdio: 'inherit' });
  const { child, url } = await spawnHost(hostFile, vaultDir, configDir, { nodeArgs, hostArgs: ['--port', '0'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const token = url.hash.replace(/^#token=/, '');
  return {
    pid: child.pid as number,
    origin: url.origin,
    call: async <T>(method: string, args: unknown): Promise<T> => {
      const response = await fetch(`${url.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
      const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
      if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', orphanGuard);
    },
  };
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime, stime, cutime, cstime and ppid of a process from /proc/<pid>/stat (null when it is gone). */
async function statOf(pid: number): Promise<{ ticks: number; ppid: number } | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!text) return null;
  // The command name (field 2) may hold spaces; the fields after it start at field 3.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const at = (n: number) => Number(fields[n - 3]);
  return { ticks: at(14) + at(15) + at(16) + at(17), ppid: at(4) };
}

/**
 * CPU time (ms) used so far by `pid`, its threads (workers are threads) and
 * its children: those it waited for (cutime, cstime) and those still running.
 */
export async function cpuMs(pid: number): Promise<number> {
  const own = await statOf(pid);
  if (!own) throw new Error(`process ${pid} is gone`);
  let ticks = own.ticks;
  const pids = (await readdir('/proc')).filter((name) => /^[0-9]+$/.test(name)).map(Number);
  const parents = new Map<number, number>();
  for (const p of pids) {
    const s = p === pid ? null : await statOf(p);
    if (s) parents.set(p, s.ppid);
  }
  const descends = (p: number): boolean => {
    for (let q = parents.get(p); q !== undefined && q > 1; q = parents.get(q)) if (q === pid) return true;
    return false;
  };
  for (const p of parents.keys()) if (descends(p)) ticks += (await statOf(p))?.ticks ?? 0;
  return (ticks * 1000) / ticksPerSecond;
}

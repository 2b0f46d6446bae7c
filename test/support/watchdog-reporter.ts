import { readdirSync, readFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * Vitest's own timeouts run on the test file's event loop, so a file whose
 * loop is blocked (a synchronous loop, a blocking child process) would hold
 * the whole run until CI kills it, with nothing said. This reporter lives in
 * the main process: when one file has run for longer than any of ours should
 * (the slowest takes ~15 s), it prints which file and test, and what the
 * processes under vitest are doing (/proc state, wait channel, command line),
 * then ends the run with exit code 1 so the failure is seen, and quickly.
 */
const GIVE_UP_MS = Number(process.env['OUTPOST_WATCHDOG_MS'] ?? 300_000);
const WARN_MS = GIVE_UP_MS / 2.5;

export default class WatchdogReporter implements Reporter {
  private readonly running = new Map<string, { since: number; test: string; warned: boolean }>();
  private timer: NodeJS.Timeout | null = null;

  onInit(): void {
    this.timer = setInterval(() => this.check(), Math.min(10_000, WARN_MS / 4));
    this.timer.unref();
  }

  onTestModuleStart(module: TestModule): void {
    this.running.set(module.moduleId, { since: Date.now(), test: '(collecting)', warned: false });
  }

  onTestCaseReady(testCase: TestCase): void {
    const entry = this.running.get(testCase.module.moduleId);
    if (entry) entry.test = testCase.fullName;
  }

  onTestModuleEnd(module: TestModule): void {
    this.running.delete(module.moduleId);
  }

  onTestRunEnd(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private check(): void {
    const now = Date.now();
    for (const [file, entry] of this.running) {
      const ms = now - entry.since;
      if (ms < WARN_MS) continue;
      if (!entry.warned || ms >= GIVE_UP_MS) {
        entry.warned = true;
        process.stderr.write(`\nwatchdog: ${file} has run for ${Math.round(ms / 1000)} s, last test started: ${entry.test}\n${describeProcesses(process.pid)}\n`);
      }
      if (ms >= GIVE_UP_MS) {
        process.stderr.write('watchdog: giving up on the run (exit 1)\n');
        process.exit(1);
      }
    }
  }
}

/** The process tree under `root`, one line each: pid, state, wait channel, command line. */
function describeProcesses(root: number): string {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const ppid = Number(read(`/proc/${pid}/stat`).replace(/^.*\) \S+ /, '').split(' ')[0]);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const lines: string[] = [];
  const walk = (pid: number, depth: number) => {
    const state = read(`/proc/${pid}/stat`).replace(/^.*\) /, '').split(' ')[0] ?? '?';
    const command = read(`/proc/${pid}/cmdline`).split('\0').join(' ').slice(0, 200);
    lines.push(`${'  '.repeat(depth)}${pid} ${state} wchan=${read(`/proc/${pid}/wchan`) || '-'} ${command}`);
    for (const child of children.get(pid) ?? []) walk(child, depth + 1);
  };
  walk(root, 0);
  return lines.join('\n');
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

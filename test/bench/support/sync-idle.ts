/**
 * `sync.idle.cpu_pct`: the CPU the idle app spends on sync, measured on the
 * program users run: the built browser-mode host (dist/electron/host.cjs,
 * autoSync on) as its own process, its vault created and unlocked over
 * HTTP, enrolled in a real team, two targets added (a folder and a real
 * Apache WebDAV server), one first sync done. Then it is left alone for
 * OUTPOST_SYNC_IDLE_SECONDS (60): the CPU time of that process (user +
 * system, its threads and any children) over the window, as a percentage of
 * one core. `value` is with nothing calling it (no browser); `withStatusPoll`
 * is the same with a client calling `sync.status` every 3 s, as a header
 * showing the sync state would. Each window starts 5 s after a manual sync
 * run, so the schedule (every `syncEveryMinutes`, 5 by default) falls in no
 * 60 s window: `scheduledRunCpuMs` is what one such run with nothing new
 * costs, and `withScheduleAmortizedPct` adds it spread over its period.
 *
 * `sync.idle_offline.cpu_pct`: the same in the first minute after the WebDAV
 * server stopped (a run found it unreachable), when its probes back off
 * from 5 s; `withStatusPoll` is the minute after that.
 *
 * OUTPOST_SYNC_IDLE_PROFILE=DIR runs the host with --cpu-prof into DIR (the
 * profile is written when it exits; sample times place the windows, which
 * the bench logs as offsets from the host's start).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SyncJobView, SyncStatusView } from '../../../shared/api/sync-schemas';
import { FolderTarget } from '../../../electron/core/sync/folder-target';
import { runSync } from '../../../electron/core/sync/sync-run';
import { WebDavTarget } from '../../../electron/core/sync/webdav-target';
import { startDavServer } from '../../support/dav-servers';
import { addNotes, PASSPHRASE, round } from './bench-desk';
import { cpuMs, startHostProcess, type HostProcess } from './host-process';
import { enrol, shareProfile, startTeam, syncRun } from './sync-team';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };

export const IDLE_BENCHMARKS = ['sync.idle.cpu_pct', 'sync.idle_offline.cpu_pct'];

const SECONDS = Number(process.env.OUTPOST_SYNC_IDLE_SECONDS ?? 60);
const PROFILE_DIR = process.env.OUTPOST_SYNC_IDLE_PROFILE;
const POLL_MS = 3_000;
const SETTLE_MS = 5_000;
const job = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };

type Window = { pct: number; cpuMs: number; wallMs: number; polls: number; pollErrors: number; runsInWindow: number; states: string[]; nextAttemptAt: string[]; load: number[] };

/** Leaves the host alone (or polls its sync status) for SECONDS and says what CPU it used meanwhile. */
async function idleWindow(host: HostProcess, poll: boolean, mark: (what: string) => void): Promise<Window> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const c0 = await cpuMs(host.pid);
  let polls = 0;
  let pollErrors = 0;
  mark(`window${poll ? ' (polled)' : ''} starts`);
  const timer = poll ? setInterval(() => void host.call('sync.status', {}).then(() => polls++, () => pollErrors++), POLL_MS) : null;
  await sleep(SECONDS * 1000);
  if (timer) clearInterval(timer);
  const c1 = await cpuMs(host.pid);
  const wallMs = performance.now() - t0;
  const status = await host.call<SyncStatusView>('sync.status', {});
  return {
    pct: round(((c1 - c0) / wallMs) * 100),
    cpuMs: Math.round(c1 - c0),
    wallMs: Math.round(wallMs),
    polls,
    pollErrors,
    runsInWindow: status.runs.filter((r) => r.startedAt >= startedAt).length,
    states: status.targets.map((t) => `${t.name}:${t.state}`),
    nextAttemptAt: status.targets.map((t) => `${t.name}:${t.nextAttemptAt ?? '-'}`),
    load: os.loadavg().map(round),
  };
}

/** A manual run (the schedule starts over from it), what it cost the host, then a moment to settle. */
async function runAndSettle(host: HostProcess): Promise<number> {
  const c0 = await cpuMs(host.pid);
  await syncRun(host);
  const cost = (await cpuMs(host.pid)) - c0;
  await sleep(SETTLE_MS);
  return Math.round(cost);
}

export async function idleBench(): Promise<Result[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-sync-idle-'));
  const server = await startDavServer('apache');
  const team = await startTeam(dir);
  let host: HostProcess | null = null;
  try {
    const { coordinator } = team;
    const drive = path.join(dir, 'drive');
    await mkdir(drive);
    host = await startHostProcess(path.join(dir, 'device'), path.join(dir, 'config'), PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);
    const hostStarted = performance.now();
    const mark = (what: string) => process.stderr.write(`bench: sync.idle: ${what} at ${Math.round(performance.now() - hostStarted)} ms\n`);
    await host.call('vault.create', { passphrase: PASSPHRASE });
    await enrol(team, host, dir, 'host-device');
    await shareProfile(team, [host]);

    // The coordinator's case, on both targets; the host's first sync brings it in.
    const { id: caseId } = await coordinator.call<{ id: string }>('case.create', { title: 'Shared outbreak', category: 'malicious-code', priority: 'high' });
    await addNotes(coordinator.core, caseId, 200);
    const dav = { url: server.url, user: server.user, password: server.password };
    await runSync(coordinator.core.vault.unlocked(), 'drive', new FolderTarget(drive), job);
    await runSync(coordinator.core.vault.unlocked(), 'team-dav', new WebDavTarget(dav), job);
    await host.call('sync.add', { name: 'drive', kind: 'folder', path: drive });
    await host.call('sync.add', { name: 'team-dav', kind: 'webdav', ...dav });
    const first = await syncRun(host);
    const eventsIn = first.result?.runs.flatMap((r) => r.pulled).reduce((n, p) => n + p.eventsApplied, 0) ?? 0;
    if (eventsIn === 0) throw new Error('the first sync brought nothing in');
    await host.call('note.add', { caseId, text: 'Isolated the host.' });

    process.stderr.write(`bench: sync.idle: host pid ${host.pid}, ${SECONDS} s windows\n`);
    const runCpuMs = await runAndSettle(host);
    const quiet = await idleWindow(host, false, mark);
    await runAndSettle(host);
    const polled = await idleWindow(host, true, mark);
    const everyMinutes = (await host.call<SyncStatusView>('sync.status', {})).everyMinutes;
    const amortized = everyMinutes > 0 ? round(quiet.pct + (runCpuMs / (everyMinutes * 60_000)) * 100) : quiet.pct;

    // The WebDAV server goes away; a run finds it unreachable, then probes back off.
    await server.stop();
    const lost = await host.call<SyncJobView>('sync.run', {});
    let view = lost;
    while (view.state !== 'done' && view.state !== 'failed') view = await host.call<SyncJobView>('job.wait', { jobId: lost.jobId, timeoutMs: 10_000 });
    const davRun = view.result?.runs.find((r) => r.name === 'team-dav');
    if (davRun?.error?.kind !== 'unreachable') throw new Error(`the run without the server: ${JSON.stringify(view.result ?? view.error)}`);
    // No pause here: the run is over (its job ended); the first probe is due 5 s after it.
    const offline = await idleWindow(host, false, mark);
    const offlinePolled = await idleWindow(host, true, mark);

    const common = { unit: '%', target: 1, windowSeconds: SECONDS, pollEveryMs: POLL_MS, cores: os.cpus().length };
    return [
      { name: 'sync.idle.cpu_pct', value: quiet.pct, ...common, withStatusPoll: polled.pct, withScheduleAmortizedPct: amortized, scheduledRunCpuMs: runCpuMs, everyMinutes, quiet, polled },
      { name: 'sync.idle_offline.cpu_pct', value: offline.pct, ...common, withStatusPoll: offlinePolled.pct, offline, offlinePolled },
    ];
  } finally {
    await host?.stop();
    await team.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

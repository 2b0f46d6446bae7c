/**
 * `sync.catchup.ms`: a responder's laptop was offline while 5 others each
 * wrote 2,000 events in the team's case and synced them to a shared folder
 * (a USB drive, a share); back, one sync run with that folder catches it up.
 * `sync.catchup_webdav.ms`: the same through a real Apache WebDAV server on
 * 127.0.0.1 (test/support/dav-servers.ts).
 * Timed: the whole run (list, read, verify and apply every segment, save the
 * cursors). The team is a real one: a coordinator, its roster, join
 * requests, the team profile on every device. OUTPOST_SYNC_BENCH_WRITERS and
 * OUTPOST_SYNC_BENCH_EVENTS shrink it.
 *
 * `sync.push.ms`: one note just added reaches the team's WebDAV server (real
 * Apache): a device of a real team that has synced once adds a note
 * (`note.add`), then one sync run through the API as the app starts it
 * (`sync.run`, followed with `job.wait` to its end) seals it into a segment,
 * sends it and looks for the other devices' new segments. Timed: from
 * `sync.run` to the job's end, RUNS times (median, min, max); after each the
 * segment must be a file on the server's disk. OUTPOST_SYNC_PUSH_RUNS.
 *
 * `sync.idle*`: CPU of the idle browser-mode host: ./support/sync-idle.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FolderTarget } from '../../electron/core/sync/folder-target';
import type { SyncTarget } from '../../electron/core/sync/target';
import { WebDavTarget } from '../../electron/core/sync/webdav-target';
import { davServerMissing, startDavServer } from '../support/dav-servers';
import { runSync } from '../../electron/core/sync/sync-run';
import { segmentName } from '../../electron/core/sync/segment-names';
import { addNotes, round, type Desk } from './support/bench-desk';
import { addDesk, shareProfile, startTeam, syncRun } from './support/sync-team';
import { idleBench, IDLE_BENCHMARKS } from './support/sync-idle';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };

export const benchmarks = ['sync.catchup.ms', 'sync.catchup_webdav.ms', 'sync.push.ms', ...IDLE_BENCHMARKS];

const WRITERS = Number(process.env.OUTPOST_SYNC_BENCH_WRITERS ?? 5);
const EVENTS = Number(process.env.OUTPOST_SYNC_BENCH_EVENTS ?? 2_000);
const PUSH_RUNS = Number(process.env.OUTPOST_SYNC_PUSH_RUNS ?? 15);
const job = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };

/** `prefix` (from `npm run bench -- PREFIX`) leaves out the benchmarks it does not name. */
export async function run(prefix = ''): Promise<Result[]> {
  const wanted = (...names: string[]) => !prefix || names.some((n) => n.startsWith(prefix) || prefix.startsWith(n));
  const missing = davServerMissing('apache');
  const skipped = (name: string, target: number, unit: string): Result => {
    process.stderr.write(`bench: ${name} skipped: ${missing}\n`);
    return { name, value: Number.NaN, unit, target, skipped: missing };
  };
  const results: Result[] = [];
  if (wanted('sync.catchup.ms')) {
    results.push(
      await catchUp('folder', async (dir) => {
        const drive = path.join(dir, 'drive');
        await mkdir(drive);
        return { target: new FolderTarget(drive), stop: async () => undefined };
      }),
    );
  }
  if (wanted('sync.catchup_webdav.ms')) {
    if (missing) results.push(skipped('sync.catchup_webdav.ms', 4000, 'ms'));
    else {
      results.push(
        await catchUp('webdav', async () => {
          const server = await startDavServer('apache');
          return { target: new WebDavTarget({ url: server.url, user: server.user, password: server.password }), stop: () => server.stop() };
        }),
      );
    }
  }
  if (wanted('sync.push.ms')) results.push(missing ? skipped('sync.push.ms', 300, 'ms') : await pushBench());
  if (wanted(...IDLE_BENCHMARKS)) results.push(...(missing ? IDLE_BENCHMARKS.map((n) => skipped(n, 1, '%')) : await idleBench()));
  return results;
}

async function catchUp(kind: 'folder' | 'webdav', make: (dir: string) => Promise<{ target: SyncTarget; stop: () => Promise<void> }>): Promise<Result> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-sync-bench-'));
  const { target, stop } = await make(dir);
  const team = await startTeam(dir);
  try {
    const sync = (desk: Desk) => runSync(desk.core.vault.unlocked(), 'drive', target, job);
    const { coordinator } = team;
    const field: Desk[] = [];
    for (let d = 0; d <= WRITERS; d++) field.push(await addDesk(team, dir, `responder-${d}`));
    await shareProfile(team, field);
    const { id: caseId } = await coordinator.call<{ id: string }>('case.create', { title: 'Shared outbreak', category: 'malicious-code', priority: 'high' });
    await sync(coordinator);
    for (const desk of field) await sync(desk);

    // The last responder goes offline; the others work and sync.
    const offline = field[WRITERS] as Desk;
    for (const [d, desk] of field.slice(0, WRITERS).entries()) {
      await addNotes(desk.core, caseId, EVENTS);
      await sync(desk);
      process.stderr.write(`bench: ${kind} sync writer ${d + 1}/${WRITERS} synced\n`);
    }
    execFileSync('sync');

    const start = performance.now();
    const report = await sync(offline);
    const ms = performance.now() - start;
    const applied = report.pulled.flatMap((p) => p.reports).reduce((sum, r) => sum + Object.values(r.newEventsByDevice).reduce((a, b) => a + b, 0), 0);
    const cases = (await offline.call<unknown[]>('case.list', {})).length;
    if (applied !== WRITERS * EVENTS) throw new Error(`the offline device applied ${applied} events, not ${WRITERS * EVENTS}`);
    const name = kind === 'folder' ? 'sync.catchup.ms' : 'sync.catchup_webdav.ms';
    return { name, value: round(ms), unit: 'ms', target: kind === 'folder' ? 2000 : 4000, writers: WRITERS, eventsPerWriter: EVENTS, applied, segments: report.pulled.reduce((n, p) => n + p.reports.length, 0), cases };
  } finally {
    await team.close();
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function pushBench(): Promise<Result> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-sync-push-'));
  const server = await startDavServer('apache');
  const team = await startTeam(dir);
  try {
    const { coordinator } = team;
    const device = await addDesk(team, dir, 'responder');
    await shareProfile(team, [device]);
    const { id: caseId } = await coordinator.call<{ id: string }>('case.create', { title: 'Shared outbreak', category: 'malicious-code', priority: 'high' });
    await addNotes(coordinator.core, caseId, 50);
    const dav = new WebDavTarget({ url: server.url, user: server.user, password: server.password });
    await runSync(coordinator.core.vault.unlocked(), 'team-dav', dav, job);
    await device.call('sync.add', { name: 'team-dav', kind: 'webdav', url: server.url, user: server.user, password: server.password });
    await syncRun(device); // the first sync: the coordinator's case comes in
    const deviceId = device.core.vault.unlocked().device.deviceId;

    const times: number[] = [];
    for (let i = 0; i < PUSH_RUNS; i++) {
      await device.call('note.add', { caseId, text: `Push ${i}: ${'observed beaconing to the C2 host '.repeat(3)}` });
      const start = performance.now();
      const view = await syncRun(device);
      times.push(performance.now() - start);
      const [outcome] = view.result?.runs ?? [];
      if (outcome?.sealed == null) throw new Error(`run ${i} sealed no segment`);
      const file = path.join(server.root, segmentName(deviceId, outcome.sealed));
      const size = (await stat(file).catch(() => null))?.size ?? 0;
      if (size === 0) throw new Error(`run ${i}: segment ${outcome.sealed} is not on the server (${file})`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted.length % 2 ? (sorted[(sorted.length - 1) / 2] as number) : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
    return { name: 'sync.push.ms', value: round(median), unit: 'ms', target: 300, runs: PUSH_RUNS, min: round(sorted[0] as number), max: round(sorted.at(-1) as number), all: times.map((t) => Math.round(t)), load: os.loadavg().map((l) => round(l)) };
  } finally {
    await team.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

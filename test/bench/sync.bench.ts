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
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FolderTarget } from '../../electron/core/sync/folder-target';
import type { SyncTarget } from '../../electron/core/sync/target';
import { WebDavTarget } from '../../electron/core/sync/webdav-target';
import { davServerMissing, startDavServer } from '../support/dav-servers';
import { runSync } from '../../electron/core/sync/sync-run';
import { addNotes, openDesk, round, type Desk } from './support/bench-desk';

type Result = { name: string; value: number; unit: string; [k: string]: unknown };

export const benchmarks = ['sync.catchup.ms', 'sync.catchup_webdav.ms'];

const WRITERS = Number(process.env.OUTPOST_SYNC_BENCH_WRITERS ?? 5);
const EVENTS = Number(process.env.OUTPOST_SYNC_BENCH_EVENTS ?? 2_000);
const job = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };

export async function run(): Promise<Result[]> {
  const results = [await catchUp('folder', async (dir) => {
    const drive = path.join(dir, 'drive');
    await mkdir(drive);
    return { target: new FolderTarget(drive), stop: async () => undefined };
  })];
  const missing = davServerMissing('apache');
  if (missing) {
    process.stderr.write(`bench: sync.catchup_webdav.ms skipped: ${missing}\n`);
    results.push({ name: 'sync.catchup_webdav.ms', value: Number.NaN, unit: 'ms', target: 4000, skipped: missing });
  } else {
    results.push(
      await catchUp('webdav', async () => {
        const server = await startDavServer('apache');
        return { target: new WebDavTarget({ url: server.url, user: server.user, password: server.password }), stop: () => server.stop() };
      }),
    );
  }
  return results;
}

async function catchUp(kind: 'folder' | 'webdav', make: (dir: string) => Promise<{ target: SyncTarget; stop: () => Promise<void> }>): Promise<Result> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-sync-bench-'));
  const { target, stop } = await make(dir);
  const desks: Desk[] = [];
  try {
    const open = async (name: string) => {
      const desk = await openDesk(path.join(dir, name), true);
      desks.push(desk);
      return desk;
    };
    const sync = (desk: Desk) => runSync(desk.core.vault.unlocked(), 'drive', target, job);

    const coordinator = await open('coordinator');
    await coordinator.call('keys.coordinatorInit', {});
    const field: Desk[] = [];
    for (let d = 0; d <= WRITERS; d++) {
      const desk = await open(`responder-${d}`);
      const request = path.join(dir, `join-${d}.json`);
      await desk.call('team.joinRequest', { path: request, name: `Responder ${d}` });
      await coordinator.call('team.approve', { path: request });
      field.push(desk);
    }
    const profile = path.join(dir, 'team-profile.json');
    await coordinator.call('team.exportProfile', { path: profile, name: 'Bench CSIRT' });
    for (const desk of field) await desk.call('team.importProfile', { path: profile });
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
    await Promise.all(desks.map((d) => d.core.close()));
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

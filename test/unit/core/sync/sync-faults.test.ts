/**
 * Whole sync runs (runSync: seal, push, pull) between a coordinator and a
 * responder through a real WebDAV server (Apache) with faults put in between
 * (test/support/fault-proxy.ts), and with files on the server that are not
 * whole. Whatever goes wrong, no run loses a segment, none is applied twice,
 * no cursor moves back or over a segment that was not applied, and a run that
 * could not read the target fails instead of reporting that nothing was new.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { segmentName } from '../../../../electron/core/sync/segment-names';
import type { SyncRunReport } from '../../../../electron/core/sync/sync-run';
import { WebDavTarget } from '../../../../electron/core/sync/webdav-target';
import { davServerMissing, startDavServer, type DavServer } from '../../../support/dav-servers';
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy';
import { expectTargetError } from '../../../support/target-errors';
import { desksPerTest, type Desk } from '../bundles/bundle-fixture';
import { deviceOf, savedState, syncTeam, syncWith } from './sync-team';

const EMPTY_MULTISTATUS = '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:"></D:multistatus>\n';

/** The events a run applied, from every device (0: the run brought nothing new). */
const appliedEvents = (run: SyncRunReport) =>
  run.pulled.flatMap((p) => p.reports).reduce((sum, report) => sum + Object.values(report.newEventsByDevice).reduce((a, b) => a + b, 0), 0);

/** What a run read from `device`. */
const pullFrom = (run: SyncRunReport, device: string) => run.pulled.find((p) => p.device === device);

/** The PROPFIND that lists `device`'s segments. */
const listingOf = (device: string) => ({ method: 'PROPFIND', path: new RegExp(`/devices/${device}/$`) });

const missing = davServerMissing('apache');

describe.skipIf(missing !== null)(`sync runs through Apache WebDAV behind a faulty network${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const desks = desksPerTest();
  let server: DavServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    server = await startDavServer('apache');
    proxy = await startFaultProxy(server.url);
  });
  afterEach(() => proxy.reset());
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  /** A team with a folder of its own on the server, reached through the proxy; a new target (session) for each run. */
  async function team(): Promise<{ coordinator: Desk; ana: Desk; coordinatorId: string; folder: string; sync: (desk: Desk) => Promise<SyncRunReport> }> {
    const { coordinator, responders } = await syncTeam(desks, 'Ana');
    const url = new URL(`${path.basename(desks.dir)}/`, server.url);
    const made = await fetch(url, { method: 'MKCOL', headers: { authorization: `Basic ${Buffer.from(`${server.user}:${server.password}`).toString('base64')}` } });
    expect(made.status).toBe(201);
    const sync = (desk: Desk) => syncWith(desk, 'dav', new WebDavTarget({ url: proxy.via(url.href), user: server.user, password: server.password, timeoutMs: 5000 }));
    return { coordinator, ana: responders[0]!, coordinatorId: await deviceOf(coordinator), folder: path.join(server.root, path.basename(desks.dir)), sync };
  }

  const notesOf = async (desk: Desk, caseId: string) => (await desk.call('case.get', { id: caseId })).notes.map((n) => n.text);

  it('fails a run whose upload is cut, keeps the segment, and the next run sends it once; the responder applies it once', async () => {
    const { coordinator, ana, coordinatorId, folder, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Phishing wave', category: 'fraud', priority: 'high' });
    const cut = proxy.next({ method: 'PUT' }, { cutRequestAfter: 100 });
    await expectTargetError(sync(coordinator), 'unreachable');
    expect(cut.fired).toBe(1);
    await expect(readFile(path.join(folder, segmentName(coordinatorId, 1)))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await savedState(coordinator, 'dav'))?.pushed).toBe(0);

    expect(await sync(coordinator)).toMatchObject({ sealed: null, pushed: 1 });
    const received = await sync(ana);
    expect(received.pulled.flatMap((p) => p.reports).flatMap((r) => r.newCases)).toEqual([opened.id]);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });

  it('fails a run whose download is cut, moves no cursor, and the next run applies the segment once', async () => {
    const { coordinator, ana, coordinatorId, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Lost laptop', category: 'other', priority: 'low' });
    await coordinator.call('note.add', { caseId: opened.id, text: 'Reported by the owner' });
    await sync(coordinator);
    proxy.next({ method: 'GET', path: new RegExp(`/devices/${coordinatorId}/0+1\\.bundle$`) }, { cutResponseAfter: 200 });
    await expectTargetError(sync(ana), 'unreachable');
    expect((await savedState(ana, 'dav'))?.read[coordinatorId]).toBeUndefined();

    const run = await sync(ana);
    expect(pullFrom(run, coordinatorId)).toMatchObject({ cursor: segmentName(coordinatorId, 1), waiting: null });
    expect(await notesOf(ana, opened.id)).toEqual(['Reported by the owner']);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });

  it('applies nothing from a listing that comes back empty once, keeps the cursor where it was, and the next run gets everything', async () => {
    const { coordinator, ana, coordinatorId, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Data theft', category: 'information-content-security', priority: 'high' });
    await sync(coordinator);
    await sync(ana);
    await coordinator.call('note.add', { caseId: opened.id, text: 'The share was open to everyone' });
    await sync(coordinator);

    const empty = proxy.next(listingOf(coordinatorId), { status: 207, body: EMPTY_MULTISTATUS, headers: { 'content-type': 'application/xml; charset=utf-8' } });
    const blind = await sync(ana);
    expect(empty.fired).toBe(1);
    expect(pullFrom(blind, coordinatorId)).toEqual({ device: coordinatorId, cursor: segmentName(coordinatorId, 1), reports: [], waiting: null });
    expect((await savedState(ana, 'dav'))?.read[coordinatorId]).toBe(segmentName(coordinatorId, 1));
    expect(await notesOf(ana, opened.id)).toEqual([]);

    const next = await sync(ana);
    expect(pullFrom(next, coordinatorId)?.cursor).toBe(segmentName(coordinatorId, 2));
    expect(await notesOf(ana, opened.id)).toEqual(['The share was open to everyone']);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });

  it('fails a run whose listing cannot be had, instead of reporting that nothing was new, and moves no cursor', async () => {
    const { coordinator, ana, coordinatorId, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Defaced site', category: 'intrusions', priority: 'medium' });
    await sync(coordinator);
    const refused = proxy.next(listingOf(coordinatorId), { status: 503 });
    const error = await expectTargetError(sync(ana), 'unreachable');
    expect(refused.fired).toBe(1);
    expect(error.message).toMatch(/^PROPFIND .* answered 503$/);
    expect((await savedState(ana, 'dav'))?.read[coordinatorId]).toBeUndefined();

    const run = await sync(ana);
    expect(run.pulled.flatMap((p) => p.reports).flatMap((r) => r.newCases)).toEqual([opened.id]);
  });

  const notWhole: Array<[what: string, cut: (bytes: Buffer) => Buffer]> = [
    ['empty (0 bytes)', () => Buffer.alloc(0)],
    ['cut short', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
  ];
  it.each(notWhole)('waits on a segment that is %s on the server: nothing from it or after it is applied, and once whole it is applied exactly once', async (_what, cut) => {
    const { coordinator, ana, coordinatorId, folder, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Ransomware at the depot', category: 'malicious-code', priority: 'high' });
    await sync(coordinator);
    await coordinator.call('note.add', { caseId: opened.id, text: 'Backups are intact' });
    expect(await sync(coordinator)).toMatchObject({ sealed: 2, pushed: 2 });
    // Another program's upload still under way (a sync client, a copy by hand), under the segment's own name.
    const first = path.join(folder, segmentName(coordinatorId, 1));
    const whole = await readFile(first);
    await writeFile(first, cut(whole));

    const waiting = await sync(ana);
    expect(pullFrom(waiting, coordinatorId)).toMatchObject({ cursor: undefined, reports: [] });
    expect(pullFrom(waiting, coordinatorId)?.waiting).toMatch(/0000000000000001\.bundle was refused/);
    expect((await savedState(ana, 'dav'))?.read[coordinatorId]).toBeUndefined();
    expect((await ana.fail('case.get', { id: opened.id })).code).toBe('not_found');

    await writeFile(first, whole);
    const applied = await sync(ana);
    expect(pullFrom(applied, coordinatorId)).toMatchObject({ cursor: segmentName(coordinatorId, 2), waiting: null });
    expect(pullFrom(applied, coordinatorId)?.reports).toHaveLength(2);
    expect(await notesOf(ana, opened.id)).toEqual(['Backups are intact']);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });
});

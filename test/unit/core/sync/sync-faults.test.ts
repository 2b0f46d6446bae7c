/**
 * Whole sync runs (runSync: seal, push, pull) between a coordinator and a
 * responder through real servers (Apache WebDAV, s3rver) with faults put in
 * between (test/support/fault-proxy.ts), and with files on the server that
 * are not whole. Whatever goes wrong, no run loses a segment, none is applied
 * twice, no cursor moves back or over a segment that was not applied, and a
 * run that could not read the target fails instead of reporting that nothing
 * was new.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../../electron/core/sync/outbox';
import { segmentName } from '../../../../electron/core/sync/segment-names';
import type { SyncRunReport } from '../../../../electron/core/sync/sync-run';
import { expectTargetError } from '../../../support/target-errors';
import { desksPerTest, type Desk } from '../bundles/bundle-fixture';
import { faultBackends, type FaultBackend } from './fault-backends';
import { deviceOf, savedState, syncTeam, syncWith } from './sync-team';

/** The events a run applied, from every device (0: the run brought nothing new). */
const appliedEvents = (run: SyncRunReport) =>
  run.pulled.flatMap((p) => p.reports).reduce((sum, report) => sum + Object.values(report.newEventsByDevice).reduce((a, b) => a + b, 0), 0);

/** What a run read from `device`. */
const pullFrom = (run: SyncRunReport, device: string) => run.pulled.find((p) => p.device === device);

const newCasesOf = (run: SyncRunReport) => run.pulled.flatMap((p) => p.reports).flatMap((r) => r.newCases);

describe.each(faultBackends)('sync runs through $kind behind a faulty network', ({ missing, attempts, wholeOrNothing, start }) => {
  if (missing) {
    it.skip(`skipped: ${missing}`, () => {});
    return;
  }
  const desks = desksPerTest();
  let backend: FaultBackend;
  beforeAll(async () => {
    backend = await start();
  });
  afterEach(() => backend.proxy.reset());
  afterAll(async () => {
    await backend?.stop();
  });

  /** A team with a folder of its own on the server; each run opens a target of its own, as each real run does. */
  async function team(): Promise<{ coordinator: Desk; ana: Desk; coordinatorId: string; folder: string; sync: (desk: Desk) => Promise<SyncRunReport> }> {
    const { coordinator, responders } = await syncTeam(desks, 'Ana');
    const folder = path.basename(desks.dir);
    const sync = async (desk: Desk) => syncWith(desk, 'hub', await backend.target(folder));
    return { coordinator, ana: responders[0]!, coordinatorId: await deviceOf(coordinator), folder, sync };
  }

  const notesOf = async (desk: Desk, caseId: string) => (await desk.call('case.get', { id: caseId })).notes.map((n) => n.text);

  it.skipIf(!wholeOrNothing)('fails a run whose upload is cut, leaves nothing under the name, and the next run sends the segment once', async () => {
    const { coordinator, ana, coordinatorId, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Phishing wave', category: 'fraud', priority: 'high' });
    const cut = backend.proxy.next({ method: 'PUT' }, { cutRequestAfter: 100 }, attempts);
    await expectTargetError(sync(coordinator), 'unreachable');
    expect(cut.fired).toBe(attempts);
    expect((await savedState(coordinator, 'hub'))?.pushed).toBe(0);
    expect(pullFrom(await sync(ana), coordinatorId)).toMatchObject({ cursor: undefined, reports: [], waiting: null });

    expect(await sync(coordinator)).toMatchObject({ sealed: null, pushed: 1 });
    expect(newCasesOf(await sync(ana))).toEqual([opened.id]);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });

  it('fails a run whose upload was stored but whose answer was lost, and the next run finds it there and sends nothing twice', async () => {
    const { coordinator, ana, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Stolen badge', category: 'other', priority: 'low' });
    const lost = backend.proxy.next({ method: 'PUT' }, { loseAnswer: true }, attempts);
    await expectTargetError(sync(coordinator), 'unreachable');
    expect(lost.fired).toBe(attempts);
    expect((await savedState(coordinator, 'hub'))?.pushed).toBe(0);

    expect(await sync(coordinator)).toMatchObject({ sealed: null, pushed: 1 });
    expect(newCasesOf(await sync(ana))).toEqual([opened.id]);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });

  it('fails a run whose download is cut, moves no cursor, and the next run applies the segment once', async () => {
    const { coordinator, ana, coordinatorId, sync } = await team();
    const opened = await coordinator.call('case.create', { title: 'Lost laptop', category: 'other', priority: 'low' });
    await coordinator.call('note.add', { caseId: opened.id, text: 'Reported by the owner' });
    await sync(coordinator);
    // Once: a body cut after its head arrived is not sent again by the S3 SDK either.
    backend.proxy.next({ method: 'GET', path: new RegExp(`/devices/${coordinatorId}/0+1\\.bundle(\\?|$)`) }, { cutResponseAfter: 200 });
    await expectTargetError(sync(ana), 'unreachable');
    expect((await savedState(ana, 'hub'))?.read[coordinatorId]).toBeUndefined();

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

    const empty = backend.proxy.next(backend.listingOf(coordinatorId), backend.emptyListing);
    const blind = await sync(ana);
    expect(empty.fired).toBe(1);
    expect(pullFrom(blind, coordinatorId)).toEqual({ device: coordinatorId, cursor: segmentName(coordinatorId, 1), reports: [], waiting: null, notForUs: 0 });
    expect((await savedState(ana, 'hub'))?.read[coordinatorId]).toBe(segmentName(coordinatorId, 1));
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
    const refused = backend.proxy.next(backend.listingOf(coordinatorId), { status: 503 }, attempts);
    const error = await expectTargetError(sync(ana), 'unreachable');
    expect(refused.fired).toBe(attempts);
    expect(error.message).toContain('503');
    expect((await savedState(ana, 'hub'))?.read[coordinatorId]).toBeUndefined();

    expect(newCasesOf(await sync(ana))).toEqual([opened.id]);
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
    const name = segmentName(coordinatorId, 1);
    const whole = await readFile((await new Outbox(coordinator.dir).segment(1)).file);
    await backend.placeFile(folder, name, cut(whole));

    const waiting = await sync(ana);
    expect(pullFrom(waiting, coordinatorId)).toMatchObject({ cursor: undefined, reports: [] });
    expect(pullFrom(waiting, coordinatorId)?.waiting).toMatch(/0000000000000001\.bundle was refused/);
    expect((await savedState(ana, 'hub'))?.read[coordinatorId]).toBeUndefined();
    expect((await ana.fail('case.get', { id: opened.id })).code).toBe('not_found');

    await backend.placeFile(folder, name, whole);
    const applied = await sync(ana);
    expect(pullFrom(applied, coordinatorId)).toMatchObject({ cursor: segmentName(coordinatorId, 2), waiting: null });
    expect(pullFrom(applied, coordinatorId)?.reports).toHaveLength(2);
    expect(await notesOf(ana, opened.id)).toEqual(['Backups are intact']);
    expect(appliedEvents(await sync(ana))).toBe(0);
  });
});

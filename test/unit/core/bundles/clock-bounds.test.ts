import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../../../shared/api/errors';
import { CaseLog } from '../../../../electron/core/vault/case-log';
import { HLC_MAX_WALL } from '../../../../shared/events/hlc';
import { snapshotDir } from '../../../support/temp-dir';
import { PASSPHRASE } from '../../../support/vault-fixture';
import { desksPerTest, exportFile, finish, importFile, type Desk } from './bundle-fixture';

const HOUR = 3_600_000;
const BUNDLE_PASSPHRASE = 'a bundle passphrase for the clock tests';

/** A field laptop whose clock reads `offsetMs` ahead (or exactly `at`) writes a case with a note, and sends it. */
async function caseFromSkewedClock(field: Desk, file: string, clock: { offsetMs?: number; at?: number }): Promise<string> {
  const realNow = Date.now.bind(Date);
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => clock.at ?? realNow() + (clock.offsetMs ?? 0));
  let caseId: string;
  try {
    caseId = (await field.call('case.create', { title: 'Written on a laptop with a wrong clock', category: 'malicious-code', priority: 'high' })).id;
    await field.call('note.add', { caseId, text: 'dated by a clock that is off' });
  } finally {
    spy.mockRestore();
  }
  await exportFile(field, [caseId], file, { passphrase: BUNDLE_PASSPHRASE });
  return caseId;
}

/** Imports and expects a refusal naming an event, with the vault byte-for-byte as before. */
async function expectRefused(coordinator: Desk, file: string, reason: RegExp): Promise<void> {
  await coordinator.call('vault.lock', {});
  const before = await snapshotDir(coordinator.dir);
  await coordinator.call('vault.unlock', { passphrase: PASSPHRASE });
  const job = await finish(coordinator, await coordinator.call('bundle.import', { path: file, passphrase: BUNDLE_PASSPHRASE }));
  expect(job.state).toBe('failed');
  expect(job.error?.message).toMatch(/rejected: event [0-9a-f-]{36} of case [0-9a-f-]{36} is dated/);
  expect(job.error?.message).toMatch(reason);
  await coordinator.call('vault.lock', {});
  expect(await snapshotDir(coordinator.dir)).toEqual(before);
  await coordinator.call('vault.unlock', { passphrase: PASSPHRASE });
}

describe('clock values from other devices are bounded', () => {
  const desks = desksPerTest();
  afterEach(() => vi.restoreAllMocks());

  it('refuses a bundle with events more than 24 hours ahead, before anything is written', async () => {
    const [field, coordinator] = [await desks.desk('field'), await desks.desk('coordinator')];
    const file = path.join(desks.dir, 'ahead.outpost');
    await caseFromSkewedClock(field, file, { offsetMs: 25 * HOUR });
    await expectRefused(coordinator, file, /more than 24 hours ahead of this device's clock/);
    expect(await coordinator.call('case.list', {})).toEqual([]);
  });

  it('refuses the largest timestamp there is (the year 33658), which would date every later change of the case', async () => {
    const [field, coordinator] = [await desks.desk('field'), await desks.desk('coordinator')];
    const file = path.join(desks.dir, 'far.outpost');
    await caseFromSkewedClock(field, file, { at: HLC_MAX_WALL - 10 });
    await expectRefused(coordinator, file, /is dated \+?0*33658-/);
  });

  it('accepts events just inside the bound, and the case still takes new events afterwards, dated after them', async () => {
    const [field, coordinator] = [await desks.desk('field'), await desks.desk('coordinator')];
    const file = path.join(desks.dir, 'inside.outpost');
    const caseId = await caseFromSkewedClock(field, file, { offsetMs: 23 * HOUR });
    const report = await importFile(coordinator, file, { passphrase: BUNDLE_PASSPHRASE });
    expect(report.newCases).toEqual([caseId]);
    const imported = await coordinator.call('case.history', { id: caseId, offset: 0, limit: 1 });
    await coordinator.call('note.add', { caseId, text: 'written on the coordinator, whose clock is right' });
    await coordinator.call('evidence.register', { caseId, description: 'a disk', type: 'file' });
    const latest = await coordinator.call('case.history', { id: caseId, offset: 0, limit: 1 });
    expect((latest.items[0]?.hlc ?? '') > (imported.items[0]?.hlc ?? '~')).toBe(true);
  });

  it('follows the setting', async () => {
    const [field, coordinator] = [await desks.desk('field'), await desks.desk('coordinator')];
    expect((await coordinator.call('settings.get', {})).maxClockAheadHours).toBe(24);
    expect((await coordinator.call('settings.update', { maxClockAheadHours: 1 })).maxClockAheadHours).toBe(1);
    expect((await coordinator.fail('settings.update', { maxClockAheadHours: 0 })).code).toBe('bad_request');
    const file = path.join(desks.dir, 'two-hours.outpost');
    await caseFromSkewedClock(field, file, { offsetMs: 2 * HOUR });
    await expectRefused(coordinator, file, /more than 1 hours ahead/);
  });

  it('moves the clock only once a write succeeded', async () => {
    const field = await desks.desk('field');
    const T = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(T);
    const caseId = (await field.call('case.create', { title: 'Steady clock', category: 'other', priority: 'low' })).id;
    const spy = vi.spyOn(CaseLog.prototype, 'append').mockImplementationOnce(() => Promise.reject(new ApiFailure('io', 'disk full')));
    expect((await field.fail('note.add', { caseId, text: 'not written' })).message).toMatch(/disk full/);
    spy.mockRestore();
    await field.call('note.add', { caseId, text: 'written' });
    const history = await field.call('case.history', { id: caseId, offset: 0, limit: 2 });
    // Opening at counter 0, then the note at 1: the failed write took no timestamp.
    expect(history.items.map((i) => i.hlc.slice(-6))).toEqual(['000001', '000000']);
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TeamProfile } from '../../../../shared/api/bundle-schemas';
import { rosterSigningText, type RosterDocument } from '../../../../shared/team/roster';
import { snapshotDir } from '../../../support/temp-dir';
import { desksPerTest, type Desk } from '../bundles/bundle-fixture';

describe('team profile import is all or nothing', () => {
  const work = desksPerTest();
  let n = 0;

  /** The coordinator's profile, with its roster replaced by `document` signed by the coordinator's own device key (or with `signature`). */
  async function profileWith(coordinator: Desk, edit: (d: RosterDocument) => RosterDocument, signature?: string): Promise<string> {
    const file = path.join(work.dir, `profile-${n++}.json`);
    await coordinator.call('team.exportProfile', { path: file, name: 'CSIRT' });
    const profile = JSON.parse(await readFile(file, 'utf8')) as TeamProfile;
    if (!profile.roster) throw new Error('the profile has no roster');
    const document = edit(profile.roster.document);
    profile.roster = { document, signature: signature ?? coordinator.core.vault.unlocked().device.sign(Buffer.from(rosterSigningText(document), 'utf8')) };
    const out = path.join(work.dir, `edited-${n++}.json`);
    await writeFile(out, JSON.stringify(profile));
    return out;
  }

  async function expectRefusedWhole(field: Desk, file: string, reason: RegExp): Promise<void> {
    const before = await snapshotDir(field.dir);
    const keysBefore = await field.call('keys.show', {});
    expect(await field.fail('team.importProfile', { path: file })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(reason) as unknown });
    expect(await snapshotDir(field.dir)).toEqual(before);
    expect(await field.call('keys.show', {})).toEqual(keysBefore);
  }

  it('refuses a profile whose roster is altered, writing nothing', async () => {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    await coordinator.call('keys.coordinatorInit', {});
    const signed = JSON.parse(await readFile(await profileWith(coordinator, (d) => d), 'utf8')) as TeamProfile;
    const altered = await profileWith(coordinator, (d) => ({ ...d, devices: d.devices.map((x) => ({ ...x, name: 'Mallory' })) }), signed.roster?.signature ?? '');
    await expectRefusedWhole(field, altered, /roster signature does not verify with the coordinator key .*forged or altered/);
    expect((await field.call('team.roster', {})).serial).toBeNull();
  });

  it('refuses a signed roster that breaks succession (a later version naming no previous one) before the profile is written', async () => {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    await coordinator.call('keys.coordinatorInit', {});
    const gap = await profileWith(coordinator, (d) => ({ ...d, serial: 2, previous: null }));
    await expectRefusedWhole(field, gap, /The team roster was refused: roster version 2 names no previous version/);
  });

  it('refuses a second profile whose roster rewrites the version held, keeping the first profile and roster as they were', async () => {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    await coordinator.call('keys.coordinatorInit', {});
    const first = path.join(work.dir, 'first.json');
    await coordinator.call('team.exportProfile', { path: first, name: 'CSIRT' });
    await field.call('team.importProfile', { path: first });
    expect((await field.call('team.roster', {})).serial).toBe(1);
    // The same serial with other content, signed by the coordinator (a vault restored from an old backup, say).
    const rewritten = await profileWith(coordinator, (d) => ({ ...d, issuedAt: '2020-01-01T00:00:00.000Z' }));
    await expectRefusedWhole(field, rewritten, /roster version 1 is already held here with other content/);
    expect((await field.call('keys.show', {})).team?.team.name).toBe('CSIRT');
  });

  it('imports a good profile and its roster together', async () => {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    await coordinator.call('keys.coordinatorInit', {});
    const file = path.join(work.dir, 'good.json');
    await coordinator.call('team.exportProfile', { path: file, name: 'CSIRT' });
    await field.call('team.importProfile', { path: file });
    expect((await field.call('team.roster', {})).serial).toBe(1);
    expect((await field.call('keys.show', {})).team?.team.name).toBe('CSIRT');
  });
});

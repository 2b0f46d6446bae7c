import path from 'node:path';
import type { CaseState } from '../../../../shared/events/fold';
import { describe, expect, it } from 'vitest';
import { enrol, openDesk, type Desk } from '../bundles/bundle-fixture';
import { makeTempDir } from '../../../support/temp-dir';
import { PASSPHRASE, testCore } from '../../../support/vault-fixture';

describe('the name every entry is signed with', () => {
  it('is the one given when the vault is created, then the roster name once the device is enrolled', async () => {
    const { dir, cleanup } = await makeTempDir();
    const core = testCore(path.join(dir, 'field'));
    const desks: Desk[] = [];
    try {
      const created = await core.dispatch('vault.create', { passphrase: PASSPHRASE, name: '  Ana Field ', role: 'Incident handler' });
      expect(created.ok).toBe(true);
      const settings = await core.dispatch('settings.get', {});
      expect(settings).toMatchObject({ ok: true, value: { actorName: 'Ana Field', actorRole: 'Incident handler', enrolledAs: null } });
      const created2 = await core.dispatch('case.create', { title: 'Badge reader offline', category: 'other', priority: 'low' });
      if (!created2.ok) throw new Error(created2.error.message);
      const opened = created2.value as CaseState;
      await core.dispatch('note.add', { caseId: opened.id, text: 'first look' });
      const notes = await core.dispatch('case.get', { id: opened.id });
      expect(notes).toMatchObject({ ok: true, value: { openedBy: 'Ana Field', notes: [{ author: 'Ana Field' }] } });
      await core.close();

      // The coordinator enrols the device as "Ana Ferreira (Lyon)"; the field vault takes the team profile with that roster.
      const coordinator = await openDesk(path.join(dir, 'coordinator'));
      const field = await openDesk(path.join(dir, 'field'), false);
      desks.push(coordinator, field);
      await enrol(coordinator, field, dir, 'Ana Ferreira');
      const profile = path.join(dir, 'profile.json');
      await coordinator.call('team.exportProfile', { path: profile, name: 'CSIRT' });
      await field.call('team.importProfile', { path: profile });
      expect((await field.call('settings.get', {})).enrolledAs).toMatchObject({ name: 'Ana Ferreira' });
      await field.call('note.add', { caseId: opened.id, text: 'after enrolment' });
      const state = await field.call('case.get', { id: opened.id });
      expect(state.notes.map((n) => n.author)).toEqual(['Ana Field', 'Ana Ferreira']);

      // Still so after lock and unlock: the roster is read back at unlock.
      await field.call('vault.lock', {});
      await field.call('vault.unlock', { passphrase: PASSPHRASE });
      expect((await field.call('settings.get', {})).enrolledAs).toMatchObject({ name: 'Ana Ferreira' });
    } finally {
      await Promise.all(desks.map((d) => d.core.close()));
      await cleanup();
    }
  });

  it('refuses an empty name at creation, writing nothing', async () => {
    const { dir, cleanup } = await makeTempDir();
    const core = testCore(path.join(dir, 'v'));
    try {
      expect(await core.dispatch('vault.create', { passphrase: PASSPHRASE, name: '   ' })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('Enter your name') as string } });
      expect((await core.dispatch('vault.status', {}))).toMatchObject({ ok: true, value: { state: 'absent' } });
    } finally {
      await core.close();
      await cleanup();
    }
  });
});

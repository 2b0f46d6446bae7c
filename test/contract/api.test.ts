import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import type { CaseState } from '../../shared/events/fold';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';
const newCase = { title: 'Ransom note on file server', category: 'malicious-code', priority: 'high', site: 'Head office' };

describe.each(['ipc', 'http'] as const)('API contract over %s', (kind) => {
  let dir: string;
  let vaultDir: string;
  let cleanup: () => Promise<void>;
  let transport: Transport;
  let selections: string[];

  async function call(method: string, args?: unknown): Promise<Result<unknown>> {
    return transport.call(method, args);
  }

  async function value<T>(method: Method, args: unknown): Promise<T> {
    const result = await call(method, args);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    return result.value as T;
  }

  async function expectError(method: string, args: unknown, code: string): Promise<void> {
    const before = await snapshotDir(dir);
    const result = await call(method, args);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(5);
    expect(await snapshotDir(dir)).toEqual(before);
  }

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    selections = [];
    transport = await openTransport(kind, vaultDir, selections);
  });

  afterEach(async () => {
    await transport.close();
    await cleanup();
  });

  it('reports an absent vault and refuses case work until one exists', async () => {
    expect(await call('vault.status', {})).toEqual({ ok: true, value: { state: 'absent', path: vaultDir } });
    await expectError('case.list', {}, 'vault_locked');
    await expectError('settings.get', {}, 'vault_locked');
    await expectError('vault.unlock', { passphrase }, 'vault_absent');
    await expectError('vault.create', { passphrase: 'short' }, 'bad_request');
  });

  it('creates, locks, unlocks and keeps cases across a restart', async () => {
    expect(await call('vault.create', { passphrase })).toEqual({ ok: true, value: { state: 'unlocked', path: vaultDir } });
    await expectError('vault.create', { passphrase }, 'vault_exists');

    const created = await value<CaseState>('case.create', newCase);
    expect(created).toMatchObject({ ...newCase, status: 'new', eventCount: 1 });
    expect(await call('case.list', {})).toMatchObject({ ok: true, value: [{ id: created.id, title: newCase.title }] });
    expect(await call('case.get', { id: created.id })).toEqual({ ok: true, value: created });

    expect(await call('vault.lock', {})).toEqual({ ok: true, value: { state: 'locked', path: vaultDir } });
    await expectError('case.get', { id: created.id }, 'vault_locked');
    await expectError('vault.unlock', { passphrase: 'not the passphrase' }, 'wrong_passphrase');

    await transport.close();
    transport = await openTransport(kind, vaultDir);
    expect(await call('vault.status', { active: true })).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(await call('vault.unlock', { passphrase })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await call('case.get', { id: created.id })).toEqual({ ok: true, value: created });
  });

  it('records every kind of change as an event and shows it in the history', async () => {
    await call('vault.create', { passphrase });
    const opened = await value<CaseState>('case.create', { ...newCase, site: undefined });
    expect(opened.site).toBe('');
    const id = opened.id;

    let state = await value<CaseState>('case.setField', { caseId: id, change: { field: 'status', value: 'triage', supersedes: opened.fieldHeads.status } });
    expect(state.status).toBe('triage');
    state = await value<CaseState>('case.setField', { caseId: id, change: { field: 'assignees', value: ['Ana', 'Bo'], supersedes: state.fieldHeads.assignees } });
    expect(state.assignees).toEqual(['Ana', 'Bo']);

    state = await value<CaseState>('note.add', { caseId: id, text: 'Called the site manager' });
    const note = state.notes[0];
    expect(note).toMatchObject({ text: 'Called the site manager' });
    state = await value<CaseState>('note.edit', { caseId: id, noteId: note?.id, text: 'Called the site manager at 14:05', supersedes: note?.heads });
    expect(state.notes[0]?.text).toBe('Called the site manager at 14:05');

    state = await value<CaseState>('timeline.add', { caseId: id, at: '2026-11-23T09:00:00+01:00', text: 'First ransom note seen' });
    const entry = state.timeline[0];
    state = await value<CaseState>('timeline.edit', { caseId: id, entryId: entry?.id, at: '2026-11-23T08:55:00+01:00', text: 'First ransom note seen', supersedes: entry?.heads });
    expect(state.timeline[0]?.at).toBe('2026-11-23T08:55:00+01:00');
    state = await value<CaseState>('entry.retract', { caseId: id, target: note?.id, reason: 'Wrong case' });
    expect(state.notes[0]?.retracted).toMatchObject({ reason: 'Wrong case' });

    const history = await value<{ total: number; items: Array<{ text: string; type: string }> }>('case.history', { id, offset: 0, limit: 3 });
    expect(history.total).toBe(8);
    expect(history.items.map((i) => i.type)).toEqual(['entry.retracted', 'timeline.edited', 'timeline.added']);
    const oldest = await value<{ items: Array<{ text: string }> }>('case.history', { id, offset: 7, limit: 10 });
    expect(oldest.items).toHaveLength(1);
    expect(oldest.items[0]?.text).toContain('Opened the case');

    await expectError('note.edit', { caseId: id, noteId: '00000000-0000-4000-8000-000000000000', text: 'x', supersedes: [] }, 'not_found');
    await expectError('entry.retract', { caseId: id, target: '00000000-0000-4000-8000-000000000000', reason: 'x' }, 'not_found');
    await expectError('timeline.add', { caseId: id, at: '2026-11-23 09:00', text: 'no offset' }, 'bad_request');
    await expectError('case.setField', { caseId: id, change: { field: 'status', value: 'archived', supersedes: [] } }, 'bad_request');
    await expectError('case.setField', { caseId: id, change: { field: 'owner', value: 'x', supersedes: [] } }, 'bad_request');
    await expectError('note.add', { caseId: '00000000-0000-4000-8000-000000000000', text: 'x' }, 'not_found');
  });

  it('keeps settings, shows the device fingerprint and changes the passphrase without re-encrypting', async () => {
    await call('vault.create', { passphrase });
    const settings = await value<{ idleLockMinutes: number; device: { id: string; fingerprint: string } }>('settings.get', {});
    expect(settings.idleLockMinutes).toBe(15);
    expect(settings.device.id).toMatch(/^[0-9a-f]{64}$/);
    expect(settings.device.fingerprint).toBe(settings.device.id.slice(0, 32).replace(/(.{4})(?!$)/g, '$1 '));
    expect(await value('settings.update', { idleLockMinutes: 5, actorName: 'Ana Field' })).toMatchObject({ idleLockMinutes: 5, actorName: 'Ana Field' });
    await expectError('settings.update', { idleLockMinutes: 0 }, 'bad_request');

    const created = await value<CaseState>('case.create', newCase);
    expect(created.openedBy).toBe('Ana Field');
    const caseFile = path.join('vault', 'cases', `${created.id}.journal`);
    const before = await snapshotDir(dir);

    await expectError('vault.changePassphrase', { current: 'wrong passphrase', next: 'a brand new passphrase' }, 'wrong_passphrase');
    await expectError('vault.changePassphrase', { current: passphrase, next: 'short' }, 'bad_request');
    expect(await call('vault.changePassphrase', { current: passphrase, next: 'a brand new passphrase' })).toMatchObject({ ok: true });
    const after = await snapshotDir(dir);
    expect(after[caseFile]).toBe(before[caseFile]);
    expect(after[path.join('vault', 'vault.json')]).not.toBe(before[path.join('vault', 'vault.json')]);

    await call('vault.lock', {});
    await expectError('vault.unlock', { passphrase }, 'wrong_passphrase');
    expect(await call('vault.unlock', { passphrase: 'a brand new passphrase' })).toMatchObject({ ok: true });
    expect(await value('settings.get', {})).toMatchObject({ idleLockMinutes: 5, actorName: 'Ana Field', device: { id: settings.device.id } });
  });

  it('switches to another vault folder only while locked, and remembers the choice', async () => {
    await call('vault.create', { passphrase });
    await expectError('vault.select', { path: path.join(dir, 'elsewhere') }, 'bad_request');
    await call('vault.lock', {});
    await expectError('vault.select', { path: 'relative/folder' }, 'bad_request');
    const elsewhere = path.join(dir, 'elsewhere');
    expect(await call('vault.select', { path: elsewhere })).toEqual({ ok: true, value: { state: 'absent', path: elsewhere } });
    expect(selections).toEqual([elsewhere]);
  });

  it('rejects bad arguments with a clear error and writes nothing', async () => {
    await call('vault.create', { passphrase });
    await expectError('case.create', { ...newCase, title: 42 }, 'bad_request');
    await expectError('case.create', { ...newCase, title: '   ' }, 'bad_request');
    await expectError('case.create', { ...newCase, category: 'aliens' }, 'bad_request');
    await expectError('case.create', { ...newCase, priority: undefined }, 'bad_request');
    await expectError('case.create', { ...newCase, extra: true }, 'bad_request');
    await expectError('case.create', { ...newCase, title: 'x'.repeat(201) }, 'bad_request');
    await expectError('case.create', 'not an object', 'bad_request');
    await expectError('case.get', { id: '../../etc/passwd' }, 'bad_request');
    await expectError('case.get', { id: '00000000-0000-4000-8000-000000000000' }, 'not_found');
    await expectError('case.history', { id: '00000000-0000-4000-8000-000000000000', offset: -1, limit: 10 }, 'bad_request');
    await expectError('case.delete', {}, 'unknown_method');
    await expectError('__proto__', {}, 'unknown_method');
    await expectError('toString', {}, 'unknown_method');

    const invalid = await call('case.create', { ...newCase, category: 'aliens', title: '' });
    expect(invalid).toMatchObject({ ok: false, error: { issues: [{ path: 'title', message: 'Title is required' }, { path: 'category' }] } });
    expect(await call('case.list', {})).toEqual({ ok: true, value: [] });
  });
});

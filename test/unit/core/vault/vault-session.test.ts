import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkChains } from '../../../../shared/events/chain';
import { eventHashInput } from '../../../../shared/events/event';
import { eventIsAuthentic } from '../../../../electron/core/vault/event-factory';
import { CaseLog } from '../../../../electron/core/vault/case-log';
import { makeTempDir } from '../../../support/temp-dir';
import { newSession, openingPayload, PASSPHRASE, testVault } from '../../../support/vault-fixture';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('vault session', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    vi.useRealTimers();
    await cleanup();
  });

  it('signs and chains every event, and keeps them across lock and unlock', async () => {
    const { vault, session } = await newSession(path.join(dir, 'v'));
    const { id } = await session.createCase(openingPayload('Chained'));
    // Appends issued together still form one chain, in order.
    await Promise.all(Array.from({ length: 40 }, (_, i) => session.append(id, 'note.added', { noteId: randomUUID(), text: `note ${i}` })));
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    const reopened = vault.unlocked();
    const state = await reopened.getCase(id);
    expect(state.eventCount).toBe(41);
    expect(state.notes.map((n) => n.text).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `note ${i}`).sort());

    const log = await CaseLog.open({ dir: path.join(dir, 'v', 'cases'), caseId: id, key: (reopened as unknown as { dataKey: Buffer }).dataKey, vaultId: reopened.vaultId });
    const events = log.events;
    await log.close();
    expect(events.every((e) => eventIsAuthentic(e, reopened.device.publicKey))).toBe(true);
    const report = checkChains(events, { caseId: id, hashOf: (e) => sha256(eventHashInput(e)) });
    expect(report.problems).toEqual([]);
    expect(report.chains).toHaveLength(1);
    // HLCs only move forward, even for appends issued in the same millisecond.
    const hlcs = events.map((e) => e.hlc);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(hlcs.length);

    const tampered = { ...events[3]!, payload: { noteId: randomUUID(), text: 'forged' } };
    expect(eventIsAuthentic(tampered as typeof events[number], reopened.device.publicKey)).toBe(false);
    await vault.lock();
  });

  it('lists summaries that follow field changes at once', async () => {
    const { vault, session } = await newSession(path.join(dir, 'v'));
    const opened = await session.createCase(openingPayload('First title'));
    await session.append(opened.id, 'case.field.set', { field: 'title', value: 'Second title', supersedes: opened.fieldHeads.title });
    await session.append(opened.id, 'case.field.set', { field: 'status', value: 'responding', supersedes: opened.fieldHeads.status });
    expect(session.listCases()).toMatchObject([{ id: opened.id, title: 'Second title', status: 'responding', eventCount: 3 }]);
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    expect(vault.unlocked().listCases()).toMatchObject([{ title: 'Second title', status: 'responding', eventCount: 3 }]);
    await vault.lock();
  });

  it('a lock that comes while the index is written in the background waits for that write, and keeps the settings', async () => {
    const { vault, session } = await newSession(path.join(dir, 'v'));
    // Hold the background write in its first step, as a slow disk would.
    let release = () => {};
    let started = () => {};
    const writeStarted = new Promise<void>((resolve) => (started = resolve));
    const prepare = session.index.prepare;
    session.index.prepare = async () => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      await prepare();
    };
    session.updateSettings({ actorName: 'Dana Responder', idleLockMinutes: 30 });
    await writeStarted;
    const locking = vault.lock();
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await locking;

    const status = await vault.unlock(PASSPHRASE);
    expect(status).toEqual({ state: 'unlocked', path: path.join(dir, 'v') });
    expect(vault.unlocked().settings).toEqual({ actorName: 'Dana Responder', actorRole: '', idleLockMinutes: 30, maxClockAheadHours: 24, syncEveryMinutes: 5 });
    await vault.lock();
  });

  it('locks itself after the idle time, and not before', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const vault = testVault(path.join(dir, 'v'), { idleCheckMs: 1000 });
    await vault.create(PASSPHRASE);
    vault.unlocked().updateSettings({ idleLockMinutes: 2 });
    vi.advanceTimersByTime(90_000);
    vault.touch();
    vi.advanceTimersByTime(90_000);
    expect((await vault.status()).state).toBe('unlocked');
    vi.advanceTimersByTime(31_000);
    await vi.waitFor(async () => expect((await vault.status()).state).toBe('locked'));
  });

  it('refuses a change the event schema refuses, before writing anything', async () => {
    const { vault, session } = await newSession(path.join(dir, 'v'));
    const { id } = await session.createCase(openingPayload('Strict'));
    await expect(session.append(id, 'note.added', { noteId: randomUUID(), text: 'x'.repeat(100_001) })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(session.append(id, 'note.added', { noteId: randomUUID(), text: '\ud800 lone surrogate' })).rejects.toMatchObject({ code: 'bad_request' });
    expect((await session.getCase(id)).eventCount).toBe(1);
    await vault.lock();
  });
});

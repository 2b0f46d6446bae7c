import { describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../../shared/api/errors';
import { createDispatch } from '../../../electron/core/dispatch';
import { mergeHandlers } from '../../../electron/core/handlers/index';
import type { Handlers } from '../../../electron/core/handlers/types';
import { gateIpcCall } from '../../../electron/shell/ipc-gate';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const base: Partial<Handlers> = {
    'vault.status': async () => ({ state: 'absent', path: '/v' }),
    'vault.create': async () => ({ state: 'unlocked', path: '/v' }),
    'vault.unlock': async () => ({ state: 'unlocked', path: '/v' }),
    'vault.lock': async () => ({ state: 'locked', path: '/v' }),
    'case.list': async () => [],
    'case.get': async () => {
      throw new ApiFailure('not_found', 'No case with that id');
    },
    'case.create': async () => {
      throw new Error('disk on fire at /secret/path');
    },
  };
  return { ...base, ...overrides } as Handlers;
}

describe('dispatch', () => {
  it('turns handler failures into Results without leaking internals', async () => {
    const log = vi.fn();
    const dispatch = createDispatch(handlers(), log);
    expect(await dispatch('case.get', { id: '00000000-0000-4000-8000-000000000000' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No case with that id' },
    });
    const internal = await dispatch('case.create', { title: 't', category: 'other', priority: 'low', site: 's' });
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: 'case.create failed unexpectedly; see the application log' } });
    expect(log).toHaveBeenCalledOnce();
  });

  it('rejects non-string and inherited method names', async () => {
    const dispatch = createDispatch(handlers());
    for (const name of [42, null, undefined, {}, 'constructor', 'hasOwnProperty']) {
      expect(await dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('treats missing arguments as an empty object', async () => {
    expect(await createDispatch(handlers())('vault.status', undefined)).toEqual({ ok: true, value: { state: 'absent', path: '/v' } });
  });
});

describe('mergeHandlers', () => {
  it('refuses a method defined twice', () => {
    const status: Partial<Handlers> = { 'vault.status': async () => ({ state: 'absent', path: '' }) };
    expect(() => mergeHandlers(handlers(), status)).toThrow('Handler for vault.status is defined twice');
  });

  it('refuses a contract method without a handler', () => {
    const { 'case.get': _missing, ...rest } = handlers();
    expect(() => mergeHandlers(rest)).toThrow(/^No handler for .*case\.get/);
  });
});

describe('IPC gate', () => {
  const dispatch = createDispatch(handlers());
  const origin = 'app://outpost';

  it('answers the app frame', async () => {
    expect(await gateIpcCall(dispatch, origin, { isMainFrame: true, url: 'app://outpost/index.html' }, 'vault.status', {})).toMatchObject({ ok: true });
  });

  it('refuses subframes, other origins and frames without a URL', async () => {
    const senders = [
      { isMainFrame: false, url: 'app://outpost/index.html' },
      { isMainFrame: true, url: 'https://evil.example/' },
      { isMainFrame: true, url: 'file:///etc/passwd' },
      { isMainFrame: true, url: 'app://outpost.evil/' },
      { isMainFrame: true, url: undefined },
    ];
    for (const sender of senders) {
      expect(await gateIpcCall(dispatch, origin, sender, 'vault.status', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

/**
 * A vault folder reached over one transport, fresh for each test of the
 * calling `describe`: calls, calls that must succeed, and refusals that must
 * leave every file as it was.
 */
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { Method } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

export type ContractVault = {
  /** The test's folder; the vault is `vaultDir` inside it. */
  readonly dir: string;
  readonly vaultDir: string;
  call: (method: Method, args?: unknown) => Promise<Result<unknown>>;
  value: <T>(method: Method, args?: unknown) => Promise<T>;
  /** Expects the call to fail with `code` (and a message matching `message`) and the folder to be byte for byte unchanged. */
  expectError: (method: Method, args: unknown, code: string, message?: RegExp) => Promise<void>;
};

export function contractVault(kind: 'ipc' | 'http'): ContractVault {
  let dir = '';
  let vaultDir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let transport: Transport | null = null;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    transport = await openTransport(kind, vaultDir);
  });
  afterEach(async () => {
    await transport?.close();
    await cleanup();
  });
  const call = (method: Method, args: unknown = {}): Promise<Result<unknown>> => (transport as Transport).call(method, args);
  return {
    get dir() {
      return dir;
    },
    get vaultDir() {
      return vaultDir;
    },
    call,
    async value<T>(method: Method, args: unknown = {}): Promise<T> {
      const result = await call(method, args);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
      return result.value as T;
    },
    async expectError(method: Method, args: unknown, code: string, message?: RegExp): Promise<void> {
      const before = await snapshotDir(dir);
      const result = await call(method, args);
      expect(result).toMatchObject({ ok: false, error: { code } });
      if (message && !result.ok) expect(result.error.message).toMatch(message);
      expect(await snapshotDir(dir)).toEqual(before);
    },
  };
}

import { request as httpRequest } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/core';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A raw HTTP request, so tests can send headers that fetch() would not let through (Host). */
function raw(host: RunningHost, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'POST', path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('loopback host', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let host: RunningHost;
  let good: Record<string, string>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    const staticDir = path.join(dir, 'static');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Outpost</title>');
    await writeFile(path.join(dir, 'secret.txt'), 'not for the web');
    const core = createCore({ vaultDir: path.join(dir, 'vault') });
    host = await startHost({ dispatch: core.dispatch, staticDir, maxBodyBytes: 64 * 1024 });
    good = {
      Host: `127.0.0.1:${host.port}`,
      Origin: host.origin,
      Authorization: `Bearer ${host.token}`,
      'Content-Type': 'application/json',
    };
  });

  afterEach(async () => {
    await host.close();
    await cleanup();
  });

  const create = JSON.stringify({ passphrase: 'correct horse battery staple' });

  async function expectRefused(headers: Record<string, string>, status: number, code: string, body = create, method = 'POST'): Promise<void> {
    const before = await snapshotDir(dir);
    const res = await raw(host, { method, path: '/api/vault.create', headers, body });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code } });
    expect(await snapshotDir(dir)).toEqual(before);
  }

  it('binds to 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a missing or wrong token', async () => {
    const { Authorization: _omit, ...noToken } = good;
    await expectRefused(noToken, 401, 'unauthorized');
    await expectRefused({ ...good, Authorization: 'Bearer wrong' }, 401, 'unauthorized');
    await expectRefused({ ...good, Authorization: `Basic ${host.token}` }, 401, 'unauthorized');
  });

  it('refuses a foreign Origin even with the right token', async () => {
    await expectRefused({ ...good, Origin: 'http://evil.example' }, 403, 'forbidden');
    await expectRefused({ ...good, Origin: `http://127.0.0.1:${host.port + 1}` }, 403, 'forbidden');
    await expectRefused({ ...good, Origin: 'null' }, 403, 'forbidden');
  });

  it('refuses a Host header naming anything else (DNS rebinding)', async () => {
    await expectRefused({ ...good, Host: `evil.example:${host.port}` }, 403, 'forbidden');
    await expectRefused({ ...good, Host: '127.0.0.1' }, 403, 'forbidden');
  });

  it('refuses malformed requests clearly', async () => {
    await expectRefused(good, 400, 'bad_request', '{"passphrase":');
    await expectRefused({ ...good, 'Content-Type': 'text/plain' }, 415, 'bad_request');
    await expectRefused(good, 413, 'bad_request', JSON.stringify({ passphrase: 'x'.repeat(70 * 1024) }));
    await expectRefused(good, 405, 'bad_request', '', 'GET');
    await expectRefused(good, 400, 'bad_request', JSON.stringify({ passphrase: 12345678901 }));
  });

  it('answers an unknown method with unknown_method', async () => {
    const res = await raw(host, { path: '/api/vault.destroy', headers: good, body: '{}' });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unknown_method', message: 'Unknown method: vault.destroy' } });
  });

  it('serves the app with a strict CSP and never a file outside its folder', async () => {
    const index = await raw(host, { method: 'GET', path: '/', headers: { Host: `localhost:${host.port}` } });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Outpost</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt']) {
      const res = await raw(host, { method: 'GET', path: attempt, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(res.body).not.toContain('not for the web');
    }
  });

  it('works end to end with the right token, origin and host', async () => {
    const res = await raw(host, { path: '/api/vault.create', headers: good, body: create });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  });
});

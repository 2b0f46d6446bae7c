/**
 * The attack of issue 11: anyone in the team holds the coordinator's public
 * age recipient, so anyone can make a bundle the coordinator's vault opens.
 * Here an outsider makes one with a fresh Ed25519 key and Debian's `age -r`,
 * carrying `case.field.set` events that retitle and close one of the
 * coordinator's own cases, under the coordinator's own actor name. Every
 * check of the bundle format passes (it is a well-made bundle); the roster
 * is what must stop it: held (exit 3), the case unchanged, the vault
 * byte-for-byte unchanged but for the held copy and its listing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headsMessage } from '../../../electron/core/bundles/chain-heads';
import type { CaseState } from '../../../shared/events/fold';
import { eventHashInput, type CaseEvent } from '../../../shared/events/event';
import { formatHlc } from '../../../shared/events/hlc';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';
import { tarOf } from '../core/bundles/bundle-forge';

const hasAge = spawnSync('age', ['--version']).status === 0;
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** An outsider's bundle: its own fresh key, the victim's case id and field heads, the victim's actor name. */
function forge(target: CaseState, actor: string): { tar: Promise<Buffer>; device: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const key = raw.toString('base64');
  const device = sha(raw);
  const signWith = (k: KeyObject, bytes: Buffer) => sign(null, bytes, k).toString('base64');
  const wall = Date.now();
  let prev: string | null = null;
  const events: CaseEvent[] = [];
  for (const [n, payload] of [
    { field: 'title', value: 'Nothing to see here', supersedes: target.fieldHeads.title },
    { field: 'status', value: 'closed', supersedes: target.fieldHeads.status },
  ].entries()) {
    const unsigned = { id: randomUUID(), caseId: target.id, device, actor, hlc: formatHlc({ wall: wall + n, counter: 0 }), type: 'case.field.set', payload, prev };
    const hash = sha(eventHashInput(unsigned));
    events.push({ ...unsigned, hash, sig: signWith(privateKey, Buffer.from(hash, 'hex')) } as CaseEvent);
    prev = hash;
  }
  const caseFile = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));
  const casePath = `cases/${target.id}.jsonl`;
  const heads = [{ caseId: target.id, hash: prev ?? '', events: events.length }];
  const manifest = {
    format: 'outpost-bundle',
    version: 2,
    createdAt: new Date(wall).toISOString(),
    exporter: { device, publicKey: key, actor, vaultId: randomBytes(16).toString('hex') },
    devices: [{ device, publicKey: key }],
    cases: [{ caseId: target.id, title: 'Nothing to see here', events: events.length, path: casePath }],
    parts: [{ path: casePath, size: caseFile.length, sha256: sha(caseFile) }],
    since: null,
    heads: [{ device, cases: heads, sig: signWith(privateKey, headsMessage(device, heads)) }],
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
  const tar = tarOf([
    { name: 'MANIFEST.json', body: manifestBytes },
    { name: 'MANIFEST.sig', body: Buffer.from(signWith(privateKey, manifestBytes) + '\n') },
    { name: casePath, body: caseFile },
    { name: 'SHA256SUMS', body: Buffer.from(`${sha(manifestBytes)}  MANIFEST.json\n${sha(caseFile)}  ${casePath}\n`) },
  ]);
  return { tar, device };
}

describe('a forged bundle from a fresh key, encrypted with Debian age to the coordinator', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { OUTPOST_VAULT: path.join(dir, 'coordinator'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
  });
  afterEach(() => cleanup());

  const json = async <T>(args: string[]): Promise<T> => {
    const run = await runOutpost([...args, '--json'], env);
    if (run.code !== 0) throw new Error(`${args.join(' ')}: exit ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  };

  it('is held (exit 3), the case unchanged, and nothing written but the held copy and its listing', async (context) => {
    context.skip(!hasAge, 'the age binary (Debian package age) is not on PATH');
    expect((await runOutpost(['vault', 'init'], env)).code).toBe(0);
    const keys = await json<{ coordinator: { recipient: string } }>(['keys', 'coordinator-init']);
    const roster = await json<{ devices: Array<{ name: string; self: boolean }> }>(['team', 'roster']);
    const actor = roster.devices.find((d) => d.self)?.name ?? '';
    expect(actor).not.toBe('');
    const opened = await json<CaseState>(['case', 'create', '--title', 'Ransomware at the lab', '--category', 'malicious-code']);

    const { tar, device } = forge(opened, actor);
    const file = path.join(dir, 'forged.outpost');
    execFileSync('age', ['-r', keys.coordinator.recipient, '-o', file], { input: await tar });

    const before = await snapshotDir(env.OUTPOST_VAULT ?? '');
    // A well-made bundle: it passes every check of the format, so only the roster can stop it.
    const verified = await runOutpost(['bundle', 'verify', file], env);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);

    const imported = await runOutpost(['bundle', 'import', file], env);
    expect(imported.code).toBe(3);
    expect(imported.stderr).toMatch(/held for approval: device [0-9a-f ]+ is not on the team roster; nothing was applied/);

    const shown = await json<CaseState>(['case', 'show', opened.id]);
    expect(shown).toMatchObject({ title: 'Ransomware at the lab', status: 'new', eventCount: 1 });
    const after = await snapshotDir(env.OUTPOST_VAULT ?? '');
    const held = await json<Array<{ digest: string; status: string; unknownDevices: Array<{ device: string }>; exporter: { actor: string } }>>(['bundle', 'held']);
    expect(held).toMatchObject([{ status: 'held', unknownDevices: [{ device }], exporter: { actor } }]);
    const heldCopy = path.join('held', `${held[0]?.digest ?? ''}.bundle`);
    const { [heldCopy]: copy, 'held.json': list, ...rest } = after;
    expect(copy).toBe(sha(await readFile(file)));
    expect(list).toEqual(expect.any(String));
    expect(before[heldCopy]).toBeUndefined();
    expect(before['held.json']).toBeUndefined();
    expect(rest).toEqual(before);
  }, 60_000);
});

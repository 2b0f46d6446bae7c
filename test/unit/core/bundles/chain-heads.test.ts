import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptBuffer, encryptBuffer, formatIdentityFile, generateIdentity, type X25519Identity } from '../../../../electron/core/age';
import { headsMessage, type ChainHeads } from '../../../../electron/core/bundles/chain-heads';
import { exportBundle } from '../../../../electron/core/bundles/export';
import type { Manifest } from '../../../../electron/core/bundles/manifest';
import { eventHashInput, type CaseEvent } from '../../../../shared/events/event';
import { sha256Hex } from '../../../../electron/core/vault/event-factory';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { PASSPHRASE } from '../../../support/vault-fixture';
import { exportFile, finish, importFile, openDesk, seedCase, type Desk } from './bundle-fixture';
import { sha, tarOf, untar, type Entry } from './bundle-forge';

const SIGNATURE: unknown = expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/);
const job = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };

describe('signed chain heads (bundle format version 2)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let field: Desk;
  let attacker: Desk;
  let coordinator: Desk;
  let identity: X25519Identity;
  let idFile: string;
  let caseId: string;
  let v2: Entry[];
  let n = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    field = await openDesk(path.join(dir, 'field'));
    attacker = await openDesk(path.join(dir, 'attacker'));
    coordinator = await openDesk(path.join(dir, 'coordinator'));
    identity = generateIdentity();
    idFile = path.join(dir, 'id.txt');
    await writeFile(idFile, formatIdentityFile(identity));
    caseId = await seedCase(field, 'Heads target', dir, 20_000);
    for (let i = 0; i < 4; i++) await field.call('note.add', { caseId, text: `note ${i}` });
    v2 = await entriesOf(await exportTo(field, 'v2'));
  }, 60_000);
  afterAll(async () => {
    for (const desk of [field, attacker, coordinator]) await desk.core.close();
    await cleanup();
  });

  const exportTo = async (desk: Desk, name: string): Promise<string> => {
    const file = path.join(dir, `${name}-${n++}.outpost`);
    await exportFile(desk, [caseId], file, { recipients: [identity.recipient] });
    return file;
  };
  const entriesOf = async (file: string) => untar(await decryptBuffer(await readFile(file), { identities: [identity] }));
  const manifestOf = (list: Entry[]) => JSON.parse((list.find((e) => e.name === 'MANIFEST.json') as Entry).body.toString()) as Manifest;
  const linesOf = (list: Entry[]) => (list.find((e) => e.name === `cases/${caseId}.jsonl`) as Entry).body.toString().trimEnd().split('\n').map((l) => JSON.parse(l) as CaseEvent);
  const deviceOf = (desk: Desk) => desk.core.vault.unlocked().device;

  /**
   * The attacker's bundle: `edit` changes the events and the heads; the
   * attacker then exports it as its own, as anyone can (its own key signs
   * the manifest; counts, digests and sums are made to fit).
   */
  async function forge(list: Entry[], edit: (events: CaseEvent[], heads: ChainHeads[]) => { events: CaseEvent[]; heads: ChainHeads[] }): Promise<Buffer> {
    const manifest = manifestOf(list);
    const { events, heads } = edit(linesOf(list), structuredClone(manifest.heads ?? []));
    const me = deviceOf(attacker);
    const body = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));
    const out = list.map((e) => (e.name === `cases/${caseId}.jsonl` ? { ...e, body } : { ...e }));
    manifest.exporter = { ...manifest.exporter, device: me.deviceId, publicKey: me.publicKey };
    manifest.devices = [...manifest.devices, { device: me.deviceId, publicKey: me.publicKey }].sort((a, b) => (a.device < b.device ? -1 : 1));
    manifest.heads = heads;
    for (const c of manifest.cases) c.events = events.length;
    for (const part of manifest.parts) {
      const e = out.find((x) => x.name === part.path) as Entry;
      Object.assign(part, { size: e.body.length, sha256: sha(e.body) });
    }
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    const sums = [`${sha(manifestBytes)}  MANIFEST.json`, ...manifest.parts.map((p) => `${p.sha256}  ${p.path}`)].join('\n') + '\n';
    const sealed = out.map((e) => {
      if (e.name === 'MANIFEST.json') return { ...e, body: manifestBytes };
      if (e.name === 'MANIFEST.sig') return { ...e, body: Buffer.from(me.sign(manifestBytes) + '\n') };
      if (e.name === 'SHA256SUMS') return { ...e, body: Buffer.from(sums) };
      return e;
    });
    return encryptBuffer(await tarOf(sealed), { recipients: [identity] });
  }

  /** A well-formed event of `device` after `prev` (its hash right, its signature whatever `sign` gives). */
  function eventAfter(prev: CaseEvent, sign: (hash: string) => string, text = 'forged'): CaseEvent {
    const hlc = `${prev.hlc.slice(0, 15)}-${String(Number(prev.hlc.slice(16)) + 1).padStart(6, '0')}`;
    const body = { id: '0b6d3c8e-1f2a-4b5c-8d9e-0f1a2b3c4d5e', caseId, device: prev.device, actor: prev.actor, hlc, type: 'note.added' as const, payload: { noteId: '1c7e4d9f-2a3b-4c6d-9e0f-1a2b3c4d5e6f', text }, prev: prev.hash };
    const hash = sha256Hex(eventHashInput(body));
    return { ...body, hash, sig: sign(hash) };
  }
  const signHash = (desk: Desk) => (hash: string) => deviceOf(desk).sign(Buffer.from(hash, 'hex'));
  const signHeads = (desk: Desk, group: ChainHeads) => deviceOf(desk).sign(headsMessage(group.device, group.cases));

  async function expectRefused(bytes: Buffer, reason: RegExp): Promise<void> {
    const file = path.join(dir, `forged-${n++}.outpost`);
    await writeFile(file, bytes);
    await coordinator.call('vault.lock', {});
    const before = await snapshotDir(coordinator.dir);
    await coordinator.call('vault.unlock', { passphrase: PASSPHRASE });
    const view = await finish(coordinator, await coordinator.call('bundle.import', { path: file, identityFile: idFile }));
    expect(view.state).toBe('failed');
    expect(view.error?.code).toBe('damaged');
    expect(view.error?.message).toMatch(reason);
    await coordinator.call('vault.lock', {});
    expect(await snapshotDir(coordinator.dir)).toEqual(before);
    await coordinator.call('vault.unlock', { passphrase: PASSPHRASE });
  }

  it('writes version 2 with one signed head per device, and the forgery helper alone changes nothing that matters (control)', async () => {
    const m = manifestOf(v2);
    const events = linesOf(v2);
    const last = events[events.length - 1] as CaseEvent;
    expect(m.version).toBe(2);
    expect(m.heads).toEqual([{ device: deviceOf(field).deviceId, cases: [{ caseId, hash: last.hash, events: events.length }], sig: SIGNATURE }]);
    const file = path.join(dir, `control-${n++}.outpost`);
    await writeFile(file, await forge(v2, (e, h) => ({ events: e, heads: h })));
    const view = await finish(coordinator, await coordinator.call('bundle.verify', { path: file, identityFile: idFile }));
    expect(view.state).toBe('done');
  });

  it('a head signature that does not match its chain is refused', async () => {
    await expectRefused(await forge(v2, (e, h) => ({ events: e, heads: h.map((g) => ({ ...g, sig: signHeads(attacker, g) })) })), /chain heads of device .* do not verify with its key/);
    // The device's own signature, but over other heads (a count changed after signing).
    const signed = (manifestOf(v2).heads ?? [])[0] as ChainHeads;
    await expectRefused(await forge(v2, (e) => ({ events: e.slice(0, -1), heads: [{ ...signed, cases: signed.cases.map((c) => ({ ...c, hash: (e[e.length - 2] as CaseEvent).hash, events: c.events - 1 })) }] })), /chain heads of device .* do not verify with its key/);
  });

  it('an event removed from under a signed head is refused', async () => {
    await expectRefused(await forge(v2, (e, h) => ({ events: e.filter((_, i) => i !== 3), heads: h.map((g) => ({ ...g, cases: g.cases.map((c) => ({ ...c, events: c.events - 1 })) })) })), /an event was removed/);
    // The head itself taken away: what is left no longer ends at the signed head.
    await expectRefused(await forge(v2, (e, h) => ({ events: e.slice(0, -1), heads: h })), /not the last of its events/);
  });

  it('a head naming a non-tip event (events after the signed head) is refused', async () => {
    const forged = (e: CaseEvent[]) => [...e, eventAfter(e[e.length - 1] as CaseEvent, signHash(attacker))];
    await expectRefused(await forge(v2, (e, h) => ({ events: forged(e), heads: h })), /not the last of its events/);
  });

  it('a fresh event not under a validly signed head is never accepted', async () => {
    // Claimed as forwarded (unsigned head): the head event's own signature is checked, and it is the attacker's.
    const grown = (e: CaseEvent[]) => [...e, eventAfter(e[e.length - 1] as CaseEvent, signHash(attacker))];
    await expectRefused(
      await forge(v2, (e, h) => {
        const events = grown(e);
        return { events, heads: h.map((g) => ({ ...g, sig: null, cases: g.cases.map((c) => ({ ...c, hash: (events[events.length - 1] as CaseEvent).hash, events: events.length })) })) };
      }),
      /chain head of device .* does not verify with the key of its device/,
    );
    // No head at all for the device's events.
    await expectRefused(await forge(v2, (e) => ({ events: e, heads: [] })), /names no chain head for the events of device/);
    // A head signed over a case the events are not in.
    await expectRefused(await forge(v2, (e, h) => ({ events: e, heads: [...h, { device: deviceOf(attacker).deviceId, cases: [{ caseId, hash: (e[0] as CaseEvent).hash, events: 1 }], sig: null }] })), /no events of that device in the bundle/);
  });

  it('forwarded heads are unsigned and vouched for by the head event: a merged case goes on to a third vault', async () => {
    const hub = await openDesk(path.join(dir, 'hub'));
    const third = await openDesk(path.join(dir, 'third'));
    try {
      await importFile(hub, path.join(dir, 'v2-0.outpost'), { identityFile: idFile });
      await hub.call('note.add', { caseId, text: 'seen at the hub' });
      const forwardedFile = await exportTo(hub, 'forwarded');
      const forwarded = await entriesOf(forwardedFile);
      const heads = manifestOf(forwarded).heads ?? [];
      expect(heads.find((g) => g.device === deviceOf(field).deviceId)).toMatchObject({ sig: null });
      expect(heads.find((g) => g.device === deviceOf(hub).deviceId)).toMatchObject({ sig: SIGNATURE });
      const report = await importFile(third, forwardedFile, { identityFile: idFile });
      expect(report.newEventsByDevice).toEqual({ [deviceOf(field).deviceId]: linesOf(v2).length, [deviceOf(hub).deviceId]: 1 });
      expect(await third.call('case.get', { id: caseId })).toEqual(await hub.call('case.get', { id: caseId }));
      // The head event's own signature swapped for the attacker's: refused.
      const fieldHead = heads.find((g) => g.device === deviceOf(field).deviceId)?.cases[0]?.hash ?? '';
      await expectRefused(await forge(forwarded, (e, h) => ({ events: e.map((x) => (x.hash === fieldHead ? { ...x, sig: signHash(attacker)(x.hash) } : x)), heads: h })), /chain head of device .* does not verify with the key of its device/);
    } finally {
      await hub.core.close();
      await third.core.close();
    }
  });

  it('version 1 bundles still import, with every event signature checked', async () => {
    const file = path.join(dir, `v1-${n++}.outpost`);
    await exportBundle(field.core.vault.unlocked(), { caseIds: [caseId], path: file, recipients: [identity.recipient], formatVersion: 1 }, job);
    const v1 = await entriesOf(file);
    expect(manifestOf(v1)).toMatchObject({ version: 1 });
    expect(manifestOf(v1).heads).toBeUndefined();
    // One event in the middle signed by another key: refused as in version 1.
    const resigned = (e: CaseEvent[]) => e.map((x, i) => (i === 2 ? { ...x, sig: signHash(attacker)(x.hash) } : x));
    const forgedV1 = await forge(v1, (e) => ({ events: resigned(e), heads: [] }));
    const bytes = await decryptBuffer(forgedV1, { identities: [identity] });
    const list = untar(bytes).map((e) => (e.name === 'MANIFEST.json' ? { ...e, body: Buffer.from(e.body.toString().replace(/,\s*"heads": \[\]/, '')) } : e));
    expect(manifestOf(list).heads).toBeUndefined();
    // (the manifest edited after signing is refused for that alone, so the attacker re-signs it)
    const me = deviceOf(attacker);
    const m = list.find((e) => e.name === 'MANIFEST.json') as Entry;
    const sums = [`${sha(m.body)}  MANIFEST.json`, ...manifestOf(list).parts.map((p) => `${p.sha256}  ${p.path}`)].join('\n') + '\n';
    const sealed = list.map((e) => (e.name === 'MANIFEST.sig' ? { ...e, body: Buffer.from(me.sign(m.body) + '\n') } : e.name === 'SHA256SUMS' ? { ...e, body: Buffer.from(sums) } : e));
    await expectRefused(await encryptBuffer(await tarOf(sealed), { recipients: [identity] }), /does not verify with the key of its device/);
    // A version 1 manifest that carries heads, or a version 2 one without: not a manifest.
    await expectRefused(await forge(v1, (e) => ({ events: e, heads: [] })), /version 1 has no chain heads/);
    const report = await importFile(coordinator, file, { identityFile: idFile });
    expect(report.newEventsByDevice).toEqual({ [deviceOf(field).deviceId]: linesOf(v1).length });
  });
});

/**
 * Reads and verifies a case bundle (./FORMAT.md) in one streamed pass,
 * before anything touches the vault: the age layer, the tar entries (order,
 * names, types, sizes), the manifest signature, every part's digest, every
 * event's schema and hash, every device's chain, the signatures that vouch
 * for the new events (version 2: one signed chain head per device, see
 * ./chain-heads.ts; version 1: each event's own), and the evidence each
 * event refers to. Evidence files are
 * hashed while they are written, encrypted, to temporary files of the blob
 * store (when `stage` is asked for); the caller moves them into place or
 * calls `discard`. Any problem rejects the whole bundle with a BundleRejected
 * naming it; the temporary files are then already removed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import type { BundleSummary } from '../../../shared/api/bundle-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { clockViolation, DEFAULT_MAX_CLOCK_AHEAD_HOURS } from '../../../shared/events/clock-bounds';
import type { CaseEvent } from '../../../shared/events/event';
import { decrypt, isAgeError, type AgeError, type Identity } from '../age';
import { blobName } from '../evidence/blob-format';
import { blobStoreFor } from '../evidence/blob-store';
import type { JobContext } from '../jobs/job-runner';
import { readTar, TarError, type TarEntry } from '../tar';
import type { VaultSession } from '../vault/session';
import { fingerprintOf, verifyEd25519 } from '../vault/store/device-key';
import { readDevices } from './key-store';
import { deviceIdOf, entryRank, MANIFEST, manifestSchema, MAX_CASE_FILE_BYTES, MAX_MANIFEST_BYTES, SIGNATURE, SUMS, sumsText, type Manifest, type ManifestPart } from './manifest';
import { checkHeads } from './chain-heads';
import { checkCase, checkEvidence, type CheckedCase } from './check-events';
import { BundleNotForUs, BundleRejected, reject } from './rejection';
import { stageBlob, type StagedBlob } from './stage-blob';

export { BundleRejected } from './rejection';

export type VerifiedBundle = {
  manifest: Manifest;
  summary: BundleSummary;
  /** Every event of each case (empty when `importedBefore`). */
  events: Map<string, CaseEvent[]>;
  /** The events of each case that are not here yet. */
  fresh: Map<string, CaseEvent[]>;
  /** The JSON text each fresh event arrived as. */
  arrivedAs: Map<CaseEvent, string>;
  staged: StagedBlob[];
  eventCount: number;
  /** SHA-256 of the signed manifest: it names every part by its digest, so it names the whole content. */
  manifestSha256: string;
  /** When this very bundle was imported here before (its event checks were then skipped), else null. */
  importedBefore: string | null;
  /** Removes the staged files (on any failure after verification). */
  discard: () => Promise<void>;
};

export type ReadOptions = {
  path: string;
  identities: readonly Identity[];
  /** For the known-device check, the pre-check against events already here, and staging. */
  session: VaultSession | null;
  stage: boolean;
  /** Stop after the signed manifest (inspect). */
  manifestOnly?: boolean;
  /**
   * Skip the event checks of a bundle imported here before (import): its
   * bytes are still decrypted and every part's digest checked, so it is
   * byte for byte the bundle that passed every check then.
   */
  trustImported?: boolean;
  job?: Pick<JobContext, 'progress' | 'throwIfCancelled'>;
};

export function summarise(manifest: Manifest, signatureValid: boolean): BundleSummary {
  const blobs = manifest.parts.filter((p) => p.path.startsWith('blobs/'));
  return {
    createdAt: manifest.createdAt,
    exporter: { device: manifest.exporter.device, fingerprint: fingerprintOf(manifest.exporter.device), actor: manifest.exporter.actor },
    devices: manifest.devices.map((d) => ({ device: d.device, fingerprint: fingerprintOf(d.device) })),
    cases: manifest.cases.map((c) => ({ caseId: c.caseId, title: c.title, events: c.events })),
    blobs: blobs.length,
    blobBytes: blobs.reduce((sum, p) => sum + p.size, 0),
    signatureValid,
  };
}

async function readAll(entry: TarEntry, limit: number): Promise<Buffer> {
  if (entry.size > limit) throw reject(`${entry.name} declares ${entry.size} bytes, more than a bundle may hold there`);
  const chunks: Buffer[] = [];
  for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const exists = (file: string) => access(file).then(() => true, () => false);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A bundle path that cannot be read, said plainly (not as ENOENT). */
function unreadable(file: string, error: unknown): ApiFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ApiFailure('not_found', `There is no file ${file}: check the name and the folder`);
  if (code === 'EACCES' || code === 'EPERM') return new ApiFailure('forbidden', `Outpost is not allowed to read ${file} (permission denied)`);
  return new ApiFailure('io', `Cannot read ${file}: ${code ?? String(error)}`);
}

/** No key or passphrase opened the bundle: say which case it is, and what to do. */
function noMatch(error: AgeError, usedPassphrase: boolean): BundleRejected {
  switch (error.reason) {
    case 'needs-passphrase':
      return new BundleRejected('bad_request', 'This bundle is protected by a passphrase, not encrypted to your keys: enter the bundle passphrase (the sender gives it to you by another way than the file) to open it');
    case 'wrong-passphrase':
      return new BundleRejected('bad_request', 'The bundle passphrase is wrong');
    case 'needs-keys':
      return new BundleNotForUs('bad_request', 'This bundle is encrypted to keys, not to a passphrase, and none of your keys opens it: it was made for other recipients');
    case 'no-identities':
    case 'other-recipients':
    case undefined:
      // A flipped byte in a recipient stanza looks exactly like a bundle for someone else: only the sender's checksum tells them apart.
      return new BundleNotForUs(
        'bad_request',
        `The bundle was rejected: none of your keys opens it${usedPassphrase ? ' (nor the passphrase)' : ''}. Either it was encrypted for other recipients, or its header was damaged on the way: compare its SHA-256 with the sender's`,
      );
  }
}

/** Why decryption or the archive failed, in words. */
function explain(error: unknown, usedPassphrase: boolean): BundleRejected | null {
  if (isAgeError(error)) {
    switch (error.kind) {
      case 'no-match':
        return noMatch(error, usedPassphrase);
      case 'truncated':
        return reject('the file is truncated (it ends before its last encrypted chunk)');
      case 'payload':
        return reject('the file was altered or cut off (an encrypted chunk does not authenticate)');
      case 'hmac':
        return reject('the file was altered (its age header does not authenticate)');
      case 'header':
      case 'armor':
        return reject(`the file is not an intact age file (${error.message})`);
      case 'unsupported':
      case 'key':
        return new BundleRejected('bad_request', `The bundle cannot be opened: ${error.message}`);
    }
  }
  if (error instanceof TarError) return reject(`the archive inside is refused: ${error.message}`);
  return null;
}

export async function readBundle(options: ReadOptions): Promise<VerifiedBundle> {
  const size = await stat(options.path).then(
    (s) => (s.isFile() ? s.size : Promise.reject(new ApiFailure('bad_request', `${options.path} is a folder, not a bundle file`))),
    (error: unknown) => Promise.reject(unreadable(options.path, error)),
  );
  const staged: StagedBlob[] = [];
  const discard = async () => {
    await Promise.all(staged.splice(0).map((s) => rm(s.temp, { force: true }).catch(() => undefined)));
  };
  const usedPassphrase = options.identities.some((i) => i.kind === 'passphrase');
  let read = 0;
  // Reads of 512 KiB: each read's plaintext goes down the pipeline at once, so a smaller read holds
  // fewer 64 KiB buffers at a time. 1 GiB bundle import, 2 shared cores, runs interleaved: peak RSS
  // 177-186 MB with 1 MiB reads, 170-174 with 512 KiB (best time 2.98 s and 2.93 s); 256 KiB saved a
  // few MB more but was slower (best 3.30 s: more reads, each a thread pool round trip).
  const source = createReadStream(options.path, { highWaterMark: 512 * 1024 });
  const job = options.job;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      read += (chunk as Buffer).length;
      job?.progress({ done: read, total: size });
      // Cancelling stops the stream itself, so a large evidence file is not staged to the end first.
      job?.throwIfCancelled();
      yield chunk as Buffer;
    }
  }
  try {
    const result = await verifyStream(options, decrypt(counted(), { identities: options.identities }), staged);
    return { ...result, staged, discard };
  } catch (error) {
    await discard();
    throw explain(error, usedPassphrase) ?? error;
  } finally {
    source.destroy();
  }
}

async function verifyStream(options: ReadOptions, plaintext: AsyncIterable<Uint8Array>, staged: StagedBlob[]): Promise<Omit<VerifiedBundle, 'staged' | 'discard'>> {
  const { session } = options;
  const known = session ? await readDevices(session) : new Map<string, string>();
  const store = session && options.stage ? blobStoreFor(session) : null;
  if (store) await store.prepare();
  let manifest: Manifest | null = null;
  let manifestBytes: Buffer | null = null;
  let signatureValid = false;
  const parts = new Map<string, ManifestPart>();
  const seen = new Set<string>();
  const caseChecks = new Map<string, Promise<CheckedCase>>();
  let manifestSha256 = '';
  let importedBefore: string | null = null;
  let rank = -1;
  let sumsOk = false;
  let index = 0;
  for await (const entry of readTar(plaintext, { maxEntryBytes: Number.MAX_SAFE_INTEGER, maxTotalBytes: Number.MAX_SAFE_INTEGER })) {
    // Errors reach us through the iteration; this keeps one arriving between reads from going unhandled.
    entry.stream.on('error', () => undefined);
    options.job?.throwIfCancelled();
    const name = entry.name;
    if (index === 0 && name !== MANIFEST) throw reject(`its first entry is ${name}, not ${MANIFEST}`);
    if (index === 1 && name !== SIGNATURE) throw reject(`its second entry is ${name}, not ${SIGNATURE}`);
    index++;
    const r = entryRank(name);
    if (r < 0) throw reject(`it holds an entry ${name} that a bundle never has`);
    if (r < rank) throw reject(`its entries are out of order (${name} comes too late)`);
    rank = r;
    if (name === MANIFEST) {
      manifestBytes = await readAll(entry, MAX_MANIFEST_BYTES);
      let json: unknown;
      try {
        json = JSON.parse(manifestBytes.toString('utf8'));
      } catch {
        throw reject(`${MANIFEST} is not JSON`);
      }
      const parsed = manifestSchema.safeParse(json);
      if (!parsed.success) throw reject(`${MANIFEST} is not a bundle manifest (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300)})`);
      manifest = parsed.data;
      if ((manifest.version === 2) !== (manifest.heads !== undefined)) throw reject(`${MANIFEST} is not a bundle manifest (version ${manifest.version} ${manifest.version === 2 ? 'needs' : 'has no'} chain heads)`);
      continue;
    }
    const m = manifest as Manifest;
    if (name === SIGNATURE) {
      const sig = (await readAll(entry, 1024)).toString('utf8').trim();
      checkDevices(m, known);
      if (!verifyEd25519(m.exporter.publicKey, manifestBytes as Buffer, sig)) throw reject(`the manifest signature does not verify with the key of the exporting device ${fingerprintOf(m.exporter.device)} (altered, or signed by another key)`);
      signatureValid = true;
      for (const part of m.parts) {
        if (parts.has(part.path)) throw reject(`the manifest lists ${part.path} twice`);
        parts.set(part.path, part);
      }
      checkParts(m, parts);
      manifestSha256 = sha256(manifestBytes as Buffer);
      // Inspect says when this very bundle came in before, so the coordinator does not import it twice by mistake.
      if (options.manifestOnly) return { manifest: m, summary: summarise(m, true), events: new Map(), fresh: new Map(), arrivedAs: new Map(), eventCount: 0, manifestSha256, importedBefore: session ? session.bundleImportedAt(manifestSha256) : null };
      importedBefore = options.trustImported && session ? session.bundleImportedAt(manifestSha256) : null;
      continue;
    }
    if (seen.has(name)) throw reject(`the archive holds ${name} twice`);
    seen.add(name);
    if (name === SUMS) {
      const text = (await readAll(entry, 256 * 1024 * 1024)).toString('utf8');
      if (text !== sumsText(sha256(manifestBytes as Buffer), m.parts)) throw reject(`${SUMS} does not match the manifest`);
      sumsOk = true;
      continue;
    }
    const part = parts.get(name);
    if (!part) throw reject(`it holds ${name}, which the manifest does not list (an extra entry)`);
    if (entry.size !== part.size) throw reject(`${name} is ${entry.size} bytes in the archive, but the manifest says ${part.size}`);
    if (name.startsWith('cases/')) {
      const bytes = await readAll(entry, MAX_CASE_FILE_BYTES);
      if (sha256(bytes) !== part.sha256) throw reject(`${name} does not match its SHA-256 in the manifest (altered)`);
      // Its events are checked now, their signatures on worker threads while the evidence files stream in.
      const c = m.cases.find((k) => k.path === name) as Manifest['cases'][number];
      if (importedBefore === null) {
        const checking = session ? session.storedEvents(c.caseId).then((stored) => checkCase(m, c, bytes, stored)) : checkCase(m, c, bytes, null);
        checking.catch(() => undefined);
        caseChecks.set(c.caseId, checking);
      }
    } else {
      // A file already in the blob store is only hashed, not stored again.
      const stageHere = store && !(await exists(store.pathOf(blobName(store.keys().key, store.keys().vaultId, Buffer.from(part.sha256, 'hex')))));
      const { sha256: got, staged: one } = await stageBlob(entry.stream, part.size, part.sha256, store && stageHere ? { dir: store.dir, keys: store.keys } : null);
      if (got !== part.sha256) throw reject(`the evidence file ${name} does not match its SHA-256 in the manifest (altered or swapped)`);
      if (one) staged.push(one);
    }
  }
  if (!manifest || !signatureValid) throw reject('it holds no signed manifest');
  for (const path of parts.keys()) if (!seen.has(path)) throw reject(`${path} is listed in the manifest but missing from the archive`);
  if (!sumsOk) throw reject(`${SUMS} is missing`);
  const eventCount = manifest.cases.reduce((sum, c) => sum + c.events, 0);
  const events = new Map<string, CaseEvent[]>();
  const fresh = new Map<string, CaseEvent[]>();
  const arrivedAs = new Map<CaseEvent, string>();
  if (importedBefore === null) {
    const tips = new Map<string, CheckedCase['tips']>();
    for (const c of manifest.cases) {
      const checked = await (caseChecks.get(c.caseId) as Promise<CheckedCase>);
      const tooFarAhead = clockViolation(checked.fresh, Date.now(), session?.settings.maxClockAheadHours ?? DEFAULT_MAX_CLOCK_AHEAD_HOURS);
      if (tooFarAhead) throw reject(tooFarAhead);
      events.set(c.caseId, checked.events);
      fresh.set(c.caseId, checked.fresh);
      for (const [event, text] of checked.arrivedAs) arrivedAs.set(event, text);
      tips.set(c.caseId, checked.tips);
    }
    if (manifest.version === 2) checkHeads(manifest, tips, fresh);
    checkEvidence(manifest, events);
  }
  return { manifest, summary: summarise(manifest, true), events, fresh, arrivedAs, eventCount, manifestSha256, importedBefore };
}

function checkDevices(m: Manifest, known: ReadonlyMap<string, string>): void {
  if (deviceIdOf(m.exporter.publicKey) !== m.exporter.device) throw reject(`the exporting device's key does not hash to its id ${fingerprintOf(m.exporter.device)}`);
  const ids = new Set<string>();
  for (const d of m.devices) {
    if (deviceIdOf(d.publicKey) !== d.device) throw reject(`the key listed for device ${fingerprintOf(d.device)} does not hash to its id`);
    const had = known.get(d.device);
    if (had !== undefined && had !== d.publicKey) throw reject(`device ${fingerprintOf(d.device)} is already known here with another key`);
    ids.add(d.device);
  }
  if (!ids.has(m.exporter.device)) throw reject('the exporting device is not listed among the devices');
}

function checkParts(m: Manifest, parts: ReadonlyMap<string, ManifestPart>): void {
  for (const [path, part] of parts) {
    if (path.startsWith('blobs/')) {
      if (path !== `blobs/${part.sha256}`) throw reject(`the evidence part ${path} is not named by its SHA-256`);
    } else if (!/^cases\/[0-9a-f-]{36}\.jsonl$/.test(path)) throw reject(`the manifest lists a part ${path} that a bundle never has`);
  }
  const casePaths = new Set(m.cases.map((c) => c.path));
  for (const c of m.cases) if (c.path !== `cases/${c.caseId}.jsonl` || !parts.has(c.path)) throw reject(`case ${c.caseId} has no case file in the manifest`);
  for (const path of parts.keys()) if (path.startsWith('cases/') && !casePaths.has(path)) throw reject(`${path} is not one of the bundle's cases`);
  if (casePaths.size !== m.cases.length) throw reject('the manifest lists a case twice');
}

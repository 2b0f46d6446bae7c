import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkPreview } from '../../shared/evidence/bulk';
import type { CsvExport, EvidenceFormDocument, ImportResult, IntakeResult, JobView, RecordGrid, VerifyResult } from '../../shared/api/evidence-schemas';
import type { Result } from '../../shared/api/errors';
import type { EvidenceItemState, EvidenceLog } from '../../shared/evidence/evidence-fold';
import type { RecordState } from '../../shared/evidence/records-fold';
import type { HistoryPage } from '../../shared/api/schemas';
import type { CaseState } from '../../shared/events/fold';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['ipc', 'http'] as const)('evidence API over %s', (kind) => {
  let dir: string;
  let vaultDir: string;
  let cleanup: () => Promise<void>;
  let transport: Transport;
  let caseId: string;

  const call = (method: string, args?: unknown): Promise<Result<unknown>> => transport.call(method, args);
  async function value<T>(method: string, args: unknown): Promise<T> {
    const result = await call(method, args);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    return result.value as T;
  }
  async function expectError(method: string, args: unknown, code: string): Promise<string> {
    const before = await snapshotDir(vaultDir);
    const result = await call(method, args);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await snapshotDir(vaultDir)).toEqual(before);
    return result.ok ? '' : result.error.message;
  }
  async function finished(job: JobView): Promise<JobView> {
    let view = job;
    while (view.state === 'running') view = await value<JobView>('job.wait', { jobId: job.jobId, timeoutMs: 2000 });
    return view;
  }
  const register = (description: string, extra: object = {}) =>
    value<EvidenceItemState>('evidence.register', { caseId, description, type: 'disk-image', source: 'WS-042', location: 'Server room', collectedBy: 'Ann', collectedAt: '2026-11-23T09:00:00+01:00', method: 'dd', ...extra });
  const blobFiles = async () => (await readdir(path.join(vaultDir, 'blobs'))).filter((n) => !n.startsWith('.') || n.endsWith('.tmp'));

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    transport = await openTransport(kind, vaultDir);
    await value('vault.create', { passphrase });
    caseId = (await value<CaseState>('case.create', { title: 'Ransom note on file server', category: 'malicious-code', priority: 'high', site: 'HQ' })).id;
  });

  afterEach(async () => {
    await transport.close();
    await cleanup();
  });

  it('registers an item, attaches a file, transfers custody twice, verifies, exports and prints the form', async () => {
    const content = randomBytes(300_000);
    const source = path.join(dir, 'disk.img');
    await writeFile(source, content);
    const item = await register('Disk of WS-042 <script>alert(1)</script>');
    expect(item).toMatchObject({ holder: 'Ann', status: 'no-files', files: [], custody: [{ kind: 'collected', holder: 'Ann' }] });

    const job = await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: source, md5: true });
    expect(job).toMatchObject({ kind: 'evidence.intake', state: 'running', label: 'Attaching disk.img' });
    const done = await finished(job);
    expect(done).toMatchObject({ state: 'done', done: content.length, total: content.length });
    const intake = done.result as IntakeResult;
    expect(await value<IntakeResult>('job.result', { jobId: job.jobId })).toEqual(intake);
    expect(intake).toMatchObject({ sha256: sha256(content), md5: createHash('md5').update(content).digest('hex'), size: content.length, deduplicated: false });
    expect(await blobFiles()).toEqual([intake.blob]);

    await value('custody.transfer', { caseId, itemId: item.id, from: 'Ann', to: 'Bob', at: '2026-11-23T10:00:00+01:00', place: 'Site office', purpose: 'Transport to lab', condition: 'Sealed bag 0042' });
    const moved = await value<EvidenceItemState>('custody.transfer', { caseId, itemId: item.id, from: 'Bob', to: 'Lab evidence locker', at: '2026-11-23T15:30:00+01:00', place: 'Lab', purpose: 'Storage' });
    expect(moved.holder).toBe('Lab evidence locker');
    expect(moved.custodyFlags).toBe(0);
    const accessed = await value<EvidenceItemState>('evidence.access', { caseId, itemId: item.id, by: 'Cy', purpose: 'Hash check' });
    expect(accessed.custody.map((c) => c.kind)).toEqual(['collected', 'transferred', 'transferred', 'attached', 'accessed']);

    const verify = await finished(await value<JobView>('evidence.verify', { caseId }));
    expect(verify).toMatchObject({ kind: 'evidence.verify', state: 'done', result: { checked: 1, ok: 1, failed: 0 } });
    const log = await value<EvidenceLog>('evidence.list', { caseId });
    expect(log.totals).toMatchObject({ items: 1, files: 1, verified: 1, failed: 0 });
    expect(log.items[0]?.files[0]).toMatchObject({ status: 'ok', lastVerification: { result: 'ok' } });

    const out = path.join(dir, 'exported.img');
    const exported = await finished(await value<JobView>('evidence.export', { caseId, itemId: item.id, fileId: intake.fileId, path: out }));
    expect(exported).toMatchObject({ state: 'done', result: { path: out, sha256: sha256(content) } });
    expect(sha256(await readFile(out))).toBe(sha256(content));
    expect((await call('evidence.export', { caseId, itemId: item.id, fileId: intake.fileId, path: out })).ok).toBe(false);
    await mkdir(path.join(dir, 'out'));
    const intoFolder = await finished(await value<JobView>('evidence.export', { caseId, itemId: item.id, fileId: intake.fileId, path: path.join(dir, 'out') }));
    expect(intoFolder).toMatchObject({ state: 'done', result: { path: path.join(dir, 'out', 'disk.img') } });

    const form = await value<EvidenceFormDocument>('evidence.form', { caseId, itemId: item.id });
    expect(form.fileName).toMatch(/^chain-of-custody-ransom-note-on-file-server-item-[0-9a-f]{8}\.html$/);
    expect(form.html).toContain(sha256(content));
    expect(form.html).toContain('Lab evidence locker');
    expect(form.html).not.toContain('<script>');
    expect(form.html).toContain('&lt;script&gt;');
    const caseForm = await value<EvidenceFormDocument>('evidence.form', { caseId });
    expect(caseForm.html).toContain('Items');

    const csv = await value<CsvExport>('evidence.exportCsv', { caseId });
    expect(csv.rows).toBe(1);
    expect(csv.csv).toContain(sha256(content));

    const got = await value<EvidenceItemState>('evidence.get', { caseId, itemId: item.id });
    expect(got.files[0]?.exports).toHaveLength(2);
    const history = await value<HistoryPage>('case.history', { id: caseId, offset: 0, limit: 50 });
    expect(history.items.some((h) => h.text.startsWith('Exported file'))).toBe(true);
  });

  it('stores identical content once, corrects and retracts', async () => {
    const content = randomBytes(70_000);
    await writeFile(path.join(dir, 'a.bin'), content);
    await writeFile(path.join(dir, 'b.bin'), content);
    const first = await register('First copy');
    const second = await register('Second copy');
    const a = (await finished(await value<JobView>('evidence.attach', { caseId, itemId: first.id, path: path.join(dir, 'a.bin') }))).result as IntakeResult;
    const b = (await finished(await value<JobView>('evidence.attach', { caseId, itemId: second.id, path: path.join(dir, 'b.bin'), name: 'renamed.bin' }))).result as IntakeResult;
    expect(b).toMatchObject({ deduplicated: true, blob: a.blob, name: 'renamed.bin' });
    expect(await blobFiles()).toEqual([a.blob]);

    const updated = await value<EvidenceItemState>('evidence.update', { caseId, itemId: first.id, changes: { location: 'Safe 2' }, supersedes: first.heads });
    expect(updated).toMatchObject({ location: 'Safe 2', conflicts: [] });
    const moved = await value<EvidenceItemState>('custody.transfer', { caseId, itemId: first.id, from: 'Zed', to: 'Bob', at: '2026-11-23T10:00:00+01:00' });
    expect(moved.custodyFlags).toBe(1);
    const transfer = moved.custody.find((c) => c.kind === 'transferred');
    const retracted = await value<EvidenceItemState>('evidence.retract', { caseId, target: transfer?.eventId, reason: 'Entered on the wrong item' });
    expect(retracted).toMatchObject({ custodyFlags: 0, holder: 'Ann' });
    await expectError('evidence.retract', { caseId, target: transfer?.eventId, reason: 'again' }, 'bad_request');
    const gone = await value<EvidenceItemState>('evidence.retract', { caseId, target: second.id, reason: 'Duplicate' });
    expect(gone.retracted?.reason).toBe('Duplicate');
    await expectError('custody.transfer', { caseId, itemId: second.id, from: 'Ann', to: 'Bob', at: '2026-11-23T10:00:00+01:00' }, 'bad_request');
  });

  it('cancels an intake, leaving no blob and one event saying so', async () => {
    const source = path.join(dir, 'big.img');
    const handle = await open(source, 'w');
    for (let i = 0; i < 64; i++) await handle.write(randomBytes(1024 * 1024));
    await handle.close();
    const item = await register('Big image');
    const job = await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: source });
    const cancelled = await value<JobView>('job.cancel', { jobId: job.jobId });
    expect(cancelled.cancelRequested).toBe(true);
    expect(await finished(job)).toMatchObject({ state: 'cancelled' });
    expect(await readdir(path.join(vaultDir, 'blobs'))).toEqual([]);
    const log = await value<EvidenceLog>('evidence.list', { caseId });
    expect(log.items[0]?.files).toEqual([]);
    expect(log.items[0]?.custody.at(-1)).toMatchObject({ kind: 'intake-stopped', detail: expect.stringMatching(/^cancelled/) as unknown });
    const jobs = await value<JobView[]>('job.list', {});
    expect(jobs.map((j) => j.jobId)).toContain(job.jobId);
    expect(await value<JobView>('job.status', { jobId: job.jobId })).toMatchObject({ state: 'cancelled' });
    expect(await call('job.result', { jobId: job.jobId })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses bad requests without writing anything', async () => {
    const item = await register('Item');
    await mkdir(path.join(dir, 'folder'));
    expect(await expectError('evidence.attach', { caseId, itemId: item.id, path: 'relative/file.img' }, 'bad_request')).toMatch(/full path/);
    expect(await expectError('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'folder') }, 'bad_request')).toMatch(/is a folder/);
    expect(await expectError('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'none.img') }, 'not_found')).toMatch(/no file at/);
    await expectError('evidence.attach', { caseId, itemId: item.id, path: '/dev/null' }, 'bad_request');
    await expectError('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'x'), extra: 1 }, 'bad_request');
    await expectError('evidence.get', { caseId, itemId: '00000000-0000-4000-8000-000000000000' }, 'not_found');
    await expectError('evidence.register', { caseId, description: ' ', type: 'disk-image' }, 'bad_request');
    await expectError('evidence.register', { caseId, description: 'x', collectedAt: '2026-11-23 09:00' }, 'bad_request');
    await expectError('evidence.verify', { caseId, fileId: item.id }, 'bad_request');
    await expectError('job.status', { jobId: '00000000-0000-4000-8000-000000000000' }, 'not_found');
    await expectError('record.add', { caseId, kind: 'indicator', fields: { type: 'ipv4', value: '300.1.1.1' } }, 'bad_request');
  });

  it('reports a blob altered on disk loudly and records it', async () => {
    const content = randomBytes(200_000);
    await writeFile(path.join(dir, 'mem.raw'), content);
    const item = await register('Memory image', { type: 'memory-image' });
    const intake = (await finished(await value<JobView>('evidence.attach', { caseId, itemId: item.id, path: path.join(dir, 'mem.raw') }))).result as IntakeResult;
    const blob = path.join(vaultDir, 'blobs', intake.blob);
    const bytes = await readFile(blob);
    bytes[100_000] = (bytes[100_000] ?? 0) ^ 0x01;
    await writeFile(blob, bytes);
    const verify = await finished(await value<JobView>('evidence.verify', { caseId, itemId: item.id }));
    expect(verify).toMatchObject({ state: 'failed', error: { code: 'damaged', message: expect.stringMatching(/^VERIFICATION FAILED for 1 of 1 file\(s\): mem\.raw \(damaged\)/) as unknown } });
    const result = verify.result as VerifyResult;
    expect(result).toMatchObject({ checked: 1, ok: 0, failed: 1, files: [{ result: 'damaged' }] });
    expect(await call('job.result', { jobId: verify.jobId })).toMatchObject({ ok: false, error: { code: 'damaged' } });
    const exported = await finished(await value<JobView>('evidence.export', { caseId, itemId: item.id, fileId: intake.fileId, path: path.join(dir, 'out.raw') }));
    expect(exported).toMatchObject({ state: 'failed', error: { code: 'damaged' } });
    expect((await readdir(dir)).filter((n) => n.includes('out.raw'))).toEqual([]);
    const log = await value<EvidenceLog>('evidence.list', { caseId });
    expect(log.items[0]?.files[0]).toMatchObject({ status: 'failed', failures: 2 });
    expect(log.totals.failed).toBe(1);
  });

  it('keeps investigation records: add, update, list, bulk import all-or-nothing, export CSV, retract', async () => {
    const system = await value<RecordState>('record.add', { caseId, kind: 'system', fields: { hostName: 'WS-042', addresses: ['10.0.0[.]42'], state: 'compromised' } });
    expect(system.fields).toMatchObject({ addresses: ['10.0.0.42'], state: 'compromised' });
    const indicator = await value<RecordState>('record.add', { caseId, kind: 'indicator', fields: { type: 'url', value: 'hxxp://Evil[.]COM:80/Login', systemIds: [system.id], tlp: 'red' } });
    expect(indicator.fields).toMatchObject({ type: 'url', value: 'http://evil.com/Login', original: 'hxxp://Evil[.]COM:80/Login', tlp: 'red' });
    const updated = await value<RecordState>('record.update', { caseId, recordId: indicator.id, kind: 'indicator', changes: { lastSeen: '2026-11-23 10:00 +01:00' }, supersedes: indicator.heads });
    expect(updated.fields).toMatchObject({ lastSeen: '2026-11-23T10:00:00+01:00' });
    await expectError('record.update', { caseId, recordId: indicator.id, kind: 'system', changes: { os: 'x' }, supersedes: [] }, 'bad_request');

    const paste = 'Type\tValue\tTLP\tSystems\nIP\t1.2.3[.]4\tamber\tWS-042\nhash\tnot-a-hash\t\t\ndomain\tbad..domain\t\t\n';
    const preview = await value<BulkPreview>('record.previewImport', { caseId, kind: 'indicator', text: paste });
    expect(preview).toMatchObject({ good: 1, bad: 2 });
    expect(preview.rows.filter((r) => !r.ok).map((r) => r.row)).toEqual([3, 4]);
    const refused = await call('record.import', { caseId, kind: 'indicator', text: paste });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request', issues: [{ path: 'row 3' }, { path: 'row 4' }] } });
    expect((await value<RecordGrid>('record.list', { caseId, kind: 'indicator' })).rows).toHaveLength(1);
    const imported = await value<ImportResult>('record.import', { caseId, kind: 'indicator', text: paste, skipBadRows: true });
    expect(imported).toMatchObject({ imported: 1, skippedBadRows: 2 });

    const grid = await value<RecordGrid>('record.list', { caseId, kind: 'indicator', sort: { key: 'value', direction: 'asc' } });
    expect(grid.rows.map((r) => r.fields)).toMatchObject([{ value: '1.2.3.4', systemIds: [system.id] }, { value: 'http://evil.com/Login' }]);
    expect((await value<RecordGrid>('record.list', { caseId, kind: 'indicator', query: 'tlp:red' })).rows).toHaveLength(1);
    const csv = await value<CsvExport>('record.exportCsv', { caseId, kind: 'indicator' });
    expect(csv.csv.split('\r\n')[0]).toBe('Type,Value,First seen,Last seen,TLP,Evidence items,Systems,As entered,Note,Added by,Added at,Id');
    expect(csv.csv).toContain('WS-042');
    // Defanged unless asked otherwise: nothing in a shared file can be clicked, and the paste import reads it back.
    expect(csv.defanged).toBe(true);
    expect(csv.fileName).toMatch(/-defanged\.csv$/);
    expect(csv.csv).toContain('hxxp://evil[.]com/Login');
    expect(csv.csv).toContain('1[.]2[.]3[.]4');
    expect(csv.csv).not.toMatch(/http:\/\/|1\.2\.3\.4|Evil\[\[/);
    const live = await value<CsvExport>('record.exportCsv', { caseId, kind: 'indicator', defanged: false });
    expect(live).toMatchObject({ defanged: false });
    expect(live.csv).toContain('http://evil.com/Login');
    const again = await value<BulkPreview>('record.previewImport', { caseId, kind: 'indicator', text: csv.csv });
    expect(again).toMatchObject({ good: 0, bad: 0, duplicates: 2 });
    const retracted = await value<RecordState>('record.retract', { caseId, recordId: indicator.id, reason: 'False positive' });
    expect(retracted.retracted?.reason).toBe('False positive');
    expect((await value<RecordGrid>('record.list', { caseId, kind: 'indicator' })).rows).toHaveLength(1);
  });
});

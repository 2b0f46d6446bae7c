import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChecklistView, PlaybookDetail, PlaybookExportResult, PlaybookImportResult, PlaybookSummary } from '../../shared/api/playbook-schemas';
import type { Result } from '../../shared/api/errors';
import type { CaseListItem, HistoryPage } from '../../shared/api/schemas';
import type { CaseState } from '../../shared/events/fold';
import type { ChecklistItem } from '../../shared/playbooks/checklist-fold';
import type { Team } from '../../shared/playbooks/team';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';
const AGENT = 'group--77777777-7777-4777-8777-777777777777';

/** A small CACAO 2.0 playbook, as another tool would write it. */
function cacao(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'playbook',
    spec_version: 'cacao-2.0',
    id: 'playbook--55555555-5555-4555-8555-555555555555',
    name,
    created_by: 'identity--66666666-6666-4666-8666-666666666666',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    labels: ['wiper'],
    workflow_start: 'start--11111111-1111-4111-8111-111111111111',
    workflow: {
      'start--11111111-1111-4111-8111-111111111111': { type: 'start', on_completion: 'action--22222222-2222-4222-8222-222222222222' },
      'action--22222222-2222-4222-8222-222222222222': { type: 'action', name: 'Pull the plug', commands: [{ type: 'manual', command: 'Unplug the network cable' }], agent: AGENT, on_completion: 'action--33333333-3333-4333-8333-333333333333' },
      'action--33333333-3333-4333-8333-333333333333': { type: 'action', name: 'Block the C2', commands: [{ type: 'bash', command: 'iptables -A OUTPUT -d 203.0.113.7 -j DROP' }], agent: AGENT, on_completion: 'end--44444444-4444-4444-8444-444444444444' },
      'end--44444444-4444-4444-8444-444444444444': { type: 'end' },
    },
    agent_definitions: { [AGENT]: { type: 'group', name: 'IT staff' } },
    ...overrides,
  };
}

describe.each(['ipc', 'http'] as const)('playbook API over %s', (kind) => {
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
  async function expectError(method: string, args: unknown, code: string): Promise<{ message: string; issues: Array<{ path: string; message: string }> }> {
    // Let the index settle: it is written in the background a moment after the last change.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await snapshotDir(vaultDir);
    const result = await call(method, args);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await snapshotDir(vaultDir)).toEqual(before);
    return result.ok ? { message: '', issues: [] } : { message: result.error.message, issues: result.error.issues ?? [] };
  }
  const item = (view: ChecklistView, stepId: string): ChecklistItem => {
    const found = view.runs[0]?.items.find((i) => i.stepId === stepId);
    if (!found) throw new Error(`no step ${stepId}`);
    return found;
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    transport = await openTransport(kind, vaultDir);
    await value('vault.create', { passphrase });
    await value('settings.update', { actorName: 'Ann Responder' });
    caseId = (await value<CaseState>('case.create', { title: 'Phishing wave at HQ', category: 'fraud', priority: 'high', site: 'HQ' })).id;
  });

  afterEach(async () => {
    await transport.close();
    await cleanup();
  });

  it('lists the built-in library, shows and exports a playbook, and keeps built-ins read-only', async () => {
    const list = await value<PlaybookSummary[]>('playbook.list', {});
    expect(list.map((p) => p.id)).toEqual(expect.arrayContaining(['builtin.phishing', 'builtin.unknown-incident', 'builtin.lost-device']));
    expect(list).toHaveLength(8);
    expect(list.find((p) => p.id === 'builtin.phishing')).toMatchObject({ origin: 'builtin', version: 1, versions: [1], retired: false, phases: expect.arrayContaining(['verify', 'contain']) as unknown });

    const detail = await value<PlaybookDetail>('playbook.get', { id: 'builtin.phishing' });
    expect(detail.playbook.title).toBe('Phishing');
    await expectError('playbook.get', { id: 'builtin.phishing', version: 7 }, 'not_found');
    await expectError('playbook.get', { id: 'local.nope' }, 'not_found');

    const exported = await value<PlaybookExportResult>('playbook.exportCacao', { id: 'builtin.phishing' });
    expect(exported.fileName).toBe('phishing-v1.cacao.json');
    expect(JSON.parse(exported.json)).toMatchObject({ type: 'playbook', spec_version: 'cacao-2.0', name: 'Phishing' });

    await expectError('playbook.save', { playbook: detail.playbook }, 'bad_request');
  });

  it('copies, edits into new versions, refuses a stale edit, retires and restores', async () => {
    const copy = await value<PlaybookDetail>('playbook.copy', { id: 'builtin.lost-device', title: 'Lost device (Lyon)' });
    expect(copy.summary).toMatchObject({ origin: 'local', version: 1, title: 'Lost device (Lyon)' });
    expect(copy.playbook.id).toMatch(/^local\./);
    expect(copy.playbook.cacao?.id).not.toBe((await value<PlaybookDetail>('playbook.get', { id: 'builtin.lost-device' })).playbook.cacao?.id);

    const edited = { ...copy.playbook, audience: 'The Lyon help desk', steps: [...copy.playbook.steps, { kind: 'task', id: 'lyon-badge', title: 'Disable the building badge', phase: 'contain', instructions: 'Ask reception to disable the badge.', role: 'Help desk', evidence: 'Time the badge was disabled.' }] };
    const v2 = await value<PlaybookDetail>('playbook.save', { playbook: edited, baseVersion: 1 });
    expect(v2.summary).toMatchObject({ version: 2, versions: [1, 2] });
    // The new step got its CACAO id on save.
    expect(v2.playbook.steps.at(-1)?.cacao?.id).toMatch(/^action--/);
    expect(await value<PlaybookDetail>('playbook.save', { playbook: v2.playbook, baseVersion: 2 })).toMatchObject({ summary: { version: 2 } });
    const stale = await expectError('playbook.save', { playbook: { ...edited, title: 'Other' }, baseVersion: 1 }, 'bad_request');
    expect(stale.message).toContain('Version 2 of this playbook was saved after version 1');
    expect((await value<PlaybookDetail>('playbook.get', { id: copy.playbook.id, version: 1 })).playbook.audience).not.toBe('The Lyon help desk');

    const broken = { ...edited, steps: [...edited.steps, { kind: 'task', id: 'lyon-badge', title: 'Twice', phase: 'contain', instructions: '' }] };
    const refused = await expectError('playbook.save', { playbook: broken }, 'bad_request');
    expect(refused.issues.map((i) => i.message)).toContain('Two steps have the id lyon-badge (“Disable the building badge” and “Twice”)');

    expect(await value<PlaybookSummary>('playbook.retire', { id: copy.playbook.id })).toMatchObject({ retired: true });
    expect((await value<PlaybookSummary[]>('playbook.list', {})).map((p) => p.id)).not.toContain(copy.playbook.id);
    expect((await value<PlaybookSummary[]>('playbook.list', { includeRetired: true })).find((p) => p.id === copy.playbook.id)).toMatchObject({ retired: true });
    await expectError('checklist.attach', { caseId, playbookId: copy.playbook.id }, 'bad_request');
    expect(await value<PlaybookSummary>('playbook.retire', { id: copy.playbook.id, retired: false })).toMatchObject({ retired: false });
  });

  it('imports CACAO with what it kept but cannot show, and refuses bad files whole', async () => {
    const text = JSON.stringify(cacao('Wiper response <script>alert(1)</script>'));
    const preview = await value<PlaybookImportResult>('playbook.importCacao', { json: text, dryRun: true });
    expect(preview.outcome).toBe('dry-run');
    expect(preview.unrenderable).toEqual(expect.arrayContaining([{ stepId: 'action--33333333-3333-4333-8333-333333333333', where: 'Step “Block the C2”', what: 'bash command “iptables -A OUTPUT -d 203.0.113.7 -j DROP”' }]));
    expect((await value<PlaybookSummary[]>('playbook.list', {})).length).toBe(8);

    const imported = await value<PlaybookImportResult>('playbook.importCacao', { json: text });
    expect(imported).toMatchObject({ outcome: 'created', summary: { id: 'local.55555555-5555-4555-8555-555555555555', version: 1 } });
    // Script is plain text: kept as written, with a warning, never interpreted.
    expect(imported.playbook.title).toBe('Wiper response <script>alert(1)</script>');
    expect(imported.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([expect.stringContaining('looks like HTML or script')]));
    expect(await value<PlaybookImportResult>('playbook.importCacao', { json: text })).toMatchObject({ outcome: 'unchanged' });
    const changed = await value<PlaybookImportResult>('playbook.importCacao', { json: JSON.stringify(cacao('Wiper response v2')) });
    expect(changed).toMatchObject({ outcome: 'new-version', summary: { version: 2 } });
    const back = await value<PlaybookExportResult>('playbook.exportCacao', { id: 'local.55555555-5555-4555-8555-555555555555', version: 1 });
    expect(JSON.parse(back.json)).toEqual(JSON.parse(text));

    const A = 'action--22222222-2222-4222-8222-222222222222';
    const bad = {
      'invalid JSON': '{"type": "playbook", ',
      'wrong spec version': JSON.stringify(cacao('x', { spec_version: 'cacao-1.0' })),
      'a cycle': JSON.stringify(cacao('x', { workflow: { ...(cacao('x')['workflow'] as object), 'action--33333333-3333-4333-8333-333333333333': { type: 'action', name: 'Back', commands: [{ type: 'manual', command: 'x' }], on_completion: A } } })),
      'a step pointing nowhere': JSON.stringify(cacao('x', { workflow_start: 'start--00000000-0000-4000-8000-000000000000' })),
      'a 200 kB string': JSON.stringify(cacao('x', { description: 'z'.repeat(200_000) })),
    };
    for (const [what, json] of Object.entries(bad)) {
      const refused = await expectError('playbook.importCacao', { json }, 'bad_request');
      expect(refused.message, what).toContain('nothing was imported');
      expect(refused.issues.length, what).toBeGreaterThan(0);
    }
    // 10 MB: over HTTP the host refuses the body (4 MiB at most); over IPC the import refuses the size.
    await expectError('playbook.importCacao', { json: JSON.stringify(cacao('x', { description: 'z'.repeat(10 * 1024 * 1024) })) }, 'bad_request');
    expect((await value<PlaybookDetail>('playbook.get', { id: 'local.55555555-5555-4555-8555-555555555555' })).summary.versions).toEqual([1, 2]);
  });

  it('runs the phishing playbook as a checklist, keeps it across a restart, and detaches it', async () => {
    let view = await value<ChecklistView>('checklist.attach', { caseId, playbookId: 'builtin.phishing' });
    expect(view.runs).toHaveLength(1);
    const runId = view.runs[0]?.runId;
    await expectError('checklist.attach', { caseId, playbookId: 'builtin.phishing' }, 'bad_request');

    view = await value<ChecklistView>('checklist.setStep', { caseId, runId, stepId: 'phish-get-message', status: 'done', note: 'Got the .eml', links: [{ kind: 'note', id: 'n-1' }] });
    expect(item(view, 'phish-get-message')).toMatchObject({ status: 'done', note: 'Got the .eml', links: [{ kind: 'note', id: 'n-1' }], changed: { actor: 'Ann Responder' } });
    // Changing only the status keeps the note and links.
    view = await value<ChecklistView>('checklist.setStep', { caseId, runId, stepId: 'phish-get-message', status: 'open' });
    expect(item(view, 'phish-get-message')).toMatchObject({ status: 'open', note: 'Got the .eml' });
    await expectError('checklist.setStep', { caseId, runId, stepId: 'phish-report-site', status: 'skipped' }, 'bad_request');
    await value<ChecklistView>('checklist.setStep', { caseId, runId, stepId: 'phish-report-site', status: 'skipped', reason: 'Site already taken down' });
    view = await value<ChecklistView>('checklist.decide', { caseId, runId, stepId: 'phish-interaction', branch: 'true' });
    expect(item(view, 'phish-interaction')).toMatchObject({ status: 'done', decision: { taken: 'true' } });
    expect(item(view, 'phish-reset')).toMatchObject({ active: true, counts: true });
    await expectError('checklist.decide', { caseId, runId, stepId: 'phish-interaction', branch: 'maybe' }, 'bad_request');
    await expectError('checklist.decide', { caseId, runId, stepId: 'phish-check', branch: 'true' }, 'bad_request');
    await expectError('checklist.setStep', { caseId, runId, stepId: 'no-such-step', status: 'done' }, 'not_found');
    await expectError('checklist.setStep', { caseId, runId, stepId: 'phish-check', status: 'done', iteration: 1 }, 'bad_request');
    await expectError('checklist.setStep', { caseId: '00000000-0000-4000-8000-000000000000', runId, stepId: 'phish-check', status: 'done' }, 'not_found');
    const progress = view.runs[0]?.progress.overall;
    expect(progress).toMatchObject({ total: 16, skipped: 1, done: 1 });

    await transport.close();
    transport = await openTransport(kind, vaultDir);
    await value('vault.unlock', { passphrase });
    const again = await value<ChecklistView>('checklist.get', { caseId });
    expect(again).toEqual(view);

    const history = await value<HistoryPage>('case.history', { id: caseId, offset: 0, limit: 2 });
    expect(history.items.map((i) => i.text)).toEqual([
      'Decided “Did anyone enter credentials or open the attachment?”: “Yes”',
      'Marked the step “Report the fake site so that it is taken down” as skipped: “Site already taken down”',
    ]);

    // The case list carries the checklist work too: complete of total, and what is blocked.
    await value<ChecklistView>('checklist.setStep', { caseId, runId, stepId: 'phish-recipients', status: 'blocked', reason: 'Mail admin away' });
    const listed = (await value<CaseListItem[]>('case.list', {})).find((c) => c.id === caseId);
    expect(listed?.checklist).toEqual({ complete: 2, total: 16, blocked: 1 });
    view = await value<ChecklistView>('checklist.detach', { caseId, runId, reason: 'Wrong case' });
    expect(view.runs[0]?.detached).toMatchObject({ reason: 'Wrong case' });
    expect((await value<CaseListItem[]>('case.list', {})).find((c) => c.id === caseId)?.checklist).toBeNull();
    await expectError('checklist.setStep', { caseId, runId, stepId: 'phish-check', status: 'done' }, 'bad_request');
    view = await value<ChecklistView>('checklist.attach', { caseId, playbookId: 'builtin.phishing' });
    expect(view.runs).toHaveLength(2);
  });

  it('works a repeated group pass by pass', async () => {
    let view = await value<ChecklistView>('checklist.attach', { caseId, playbookId: 'builtin.malware-outbreak' });
    const runId = view.runs[0]?.runId;
    await value('checklist.setStep', { caseId, runId, stepId: 'mal-sweep-scan', status: 'done' });
    view = await value<ChecklistView>('checklist.setStep', { caseId, runId, stepId: 'mal-sweep-scan', iteration: 1, status: 'done', note: 'Two more machines' });
    expect(item(view, 'mal-sweep')).toMatchObject({ kind: 'repeat', passes: 2 });
    expect(view.runs[0]?.items.filter((i) => i.stepId === 'mal-sweep-scan').map((i) => [i.iteration, i.status, i.counts])).toEqual([
      [0, 'done', false],
      [1, 'done', true],
    ]);
    await expectError('checklist.setStep', { caseId, runId, stepId: 'mal-sweep-scan', iteration: 3, status: 'done' }, 'bad_request');
  });

  it('keeps the version a case started with and says when a newer one exists', async () => {
    const copy = await value<PlaybookDetail>('playbook.copy', { id: 'builtin.unknown-incident' });
    let view = await value<ChecklistView>('checklist.attach', { caseId, playbookId: copy.playbook.id });
    expect(view.runs[0]).toMatchObject({ version: 1 });
    expect(view.runs[0]?.newerVersion).toBeUndefined();
    await value('playbook.save', { playbook: { ...copy.playbook, title: 'Triage, second edition' } });
    view = await value<ChecklistView>('checklist.get', { caseId });
    expect(view.runs[0]).toMatchObject({ version: 1, newerVersion: 2, title: copy.playbook.title, playbook: { title: copy.playbook.title } });
  });

  it('keeps the team: contacts, notification and escalation lists', async () => {
    const team = await value<Team>('team.get', {});
    expect(team.contacts).toEqual([]);
    expect(team.lists.map((l) => l.id)).toEqual(expect.arrayContaining(['coordinator', 'data-protection', 'escalation']));
    const ana = { id: 'ana', name: 'Ana Field', role: 'Network administrator', skills: ['Cisco ASA', 'Windows Server'], availability: 'Weekdays 8–17', phone: '+33 4 00 00 00 00', email: 'ana@example.org', pgpFingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' };
    const lists = team.lists.map((l) => (l.id === 'escalation' ? { ...l, members: ['ana'], external: 'National CERT hotline +33 1 00 00 00 00' } : l));
    expect(await value<Team>('team.save', { team: { contacts: [ana], lists } })).toMatchObject({ contacts: [ana] });
    expect((await value<Team>('team.get', {})).lists.find((l) => l.id === 'escalation')).toMatchObject({ members: ['ana'] });
    const refused = await expectError('team.save', { team: { contacts: [], lists } }, 'bad_request');
    expect(refused.message).toContain('no contact with id ana');
    await expectError('team.save', { team: { contacts: [{ ...ana, pgpFingerprint: 'not a fingerprint' }], lists } }, 'bad_request');
  });
});

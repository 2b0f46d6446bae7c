import { describe, expect, it } from 'vitest';
import { validateCaseEvent } from '../../../../shared/events/event';
import { foldChecklists, type ChecklistRun } from '../../../../shared/playbooks/checklist-fold';
import { A, attach, B, builtin, decide, detach, RUN, setStep } from './checklist-builders';

const phishing = builtin('builtin.phishing');

function only(runs: ChecklistRun[]): ChecklistRun {
  expect(runs).toHaveLength(1);
  return runs[0] as ChecklistRun;
}

const item = (run: ChecklistRun, stepId: string, iteration = 0) => {
  const found = run.items.find((i) => i.stepId === stepId && i.iteration === iteration);
  if (!found) throw new Error(`no item ${stepId}#${iteration}`);
  return found;
};

describe('checklist fold', () => {
  it('shows every step of an attached playbook as open, and counts only steps outside untaken branches', () => {
    const run = only(foldChecklists([attach(phishing)]));
    expect(run).toMatchObject({ runId: RUN, playbookId: 'builtin.phishing', version: 1, title: 'Phishing', attached: { actor: 'Ann', device: A } });
    expect(run.items.map((i) => i.stepId)).toContain('phish-reset');
    expect(run.items.every((i) => i.status === 'open')).toBe(true);
    expect(item(run, 'phish-reset')).toMatchObject({ depth: 1, active: false, counts: false, parent: { stepId: 'phish-interaction', branch: 'true' } });
    expect(item(run, 'phish-interaction').decision?.branches).toEqual([
      { key: 'true', label: 'Yes' },
      { key: 'false', label: 'No' },
    ]);
    // 13 top-level steps (tasks and the decision); the branches count once chosen.
    expect(run.progress.overall).toMatchObject({ total: 13, complete: 0, open: 13, percent: 0 });
    expect(run.progress.phases.map((p) => p.phase)).toEqual(['prepare', 'verify', 'contain', 'notify', 'analyze', 'recover', 'follow-up', 'improve']);
  });

  it('records who did what, the branch taken, skips with reasons, and progress per phase', () => {
    const attached = attach(phishing);
    const got = setStep(A, 1000, 'phish-get-message', 'done', { note: 'Forwarded as .eml by the reporter' });
    const decided = decide(B, 2000, 'phish-interaction', 'true');
    const skipped = setStep(A, 3000, 'phish-report-site', 'skipped', { reason: 'The site was already down' });
    const blocked = setStep(B, 4000, 'phish-reset', 'blocked', { reason: 'Waiting for the identity admin' });
    const run = only(foldChecklists([attached, got, decided, skipped, blocked]));
    expect(item(run, 'phish-get-message')).toMatchObject({ status: 'done', note: 'Forwarded as .eml by the reporter', changed: { actor: 'Ann', device: A }, heads: [got.id] });
    expect(item(run, 'phish-interaction')).toMatchObject({ status: 'done', decision: { taken: 'true', changed: { actor: 'Bea' }, heads: [decided.id] } });
    expect(item(run, 'phish-reset')).toMatchObject({ active: true, counts: true, status: 'blocked', reason: 'Waiting for the identity admin' });
    expect(item(run, 'phish-confirm-none')).toMatchObject({ active: false, counts: false });
    expect(item(run, 'phish-report-site')).toMatchObject({ status: 'skipped', reason: 'The site was already down' });
    // 13 top-level + 3 on the yes branch.
    expect(run.progress.overall).toMatchObject({ total: 16, done: 2, skipped: 1, blocked: 1, complete: 3, percent: 18 });
    const contain = run.progress.phases.find((p) => p.phase === 'contain');
    expect(contain).toMatchObject({ total: 4, skipped: 1, blocked: 1, open: 2 });
  });

  it('turns the branches of a decision off when the decision itself does not apply', () => {
    const events = [attach(phishing), decide(A, 1000, 'phish-interaction', 'true')];
    const na = setStep(A, 2000, 'phish-interaction', 'not-applicable', { reason: 'Not an e-mail at all' });
    const run = only(foldChecklists([...events, na]));
    expect(item(run, 'phish-interaction').status).toBe('not-applicable');
    expect(item(run, 'phish-reset')).toMatchObject({ active: false, counts: false });
  });

  it('keeps both of two concurrent edits of one step: the later (hlc, device) wins, the other stays visible', () => {
    const attached = attach(phishing);
    const fromA = setStep(A, 5000, 'phish-check', 'done', { note: 'Sender domain is a look-alike' });
    const fromB = setStep(B, 5000, 'phish-check', 'blocked', { reason: 'Cannot open the attachment safely' });
    const run = only(foldChecklists([attached, fromB, fromA]));
    // Same wall time and counter: the device id breaks the tie (B > A).
    expect(item(run, 'phish-check')).toMatchObject({ status: 'blocked', changed: { device: B }, heads: [fromA.id, fromB.id] });
    expect(item(run, 'phish-check').conflict).toEqual([expect.objectContaining({ device: A, status: 'done', note: 'Sender domain is a look-alike' })]);
    expect(run.conflicts).toEqual([{ runId: RUN, stepId: 'phish-check', iteration: 0, kind: 'step', title: 'Check that it really is phishing' }]);

    // A later write that saw both heads resolves the conflict.
    const resolved = setStep(A, 9000, 'phish-check', 'done', { supersedes: [fromA, fromB] });
    const after = only(foldChecklists([attached, fromA, fromB, resolved]));
    expect(item(after, 'phish-check')).toMatchObject({ status: 'done', heads: [resolved.id] });
    expect(item(after, 'phish-check').conflict).toBeUndefined();
    expect(after.conflicts).toEqual([]);
  });

  it('resolves concurrent decisions the same way and keeps the other branch visible', () => {
    const attached = attach(phishing);
    const yes = decide(A, 7000, 'phish-interaction', 'true');
    const no = decide(B, 6000, 'phish-interaction', 'false');
    const run = only(foldChecklists([attached, yes, no]));
    expect(item(run, 'phish-interaction').decision).toMatchObject({ taken: 'true', conflict: [{ branch: 'false', device: B }] });
    expect(item(run, 'phish-reset').active).toBe(true);
    expect(item(run, 'phish-confirm-none').active).toBe(false);
  });

  it('does not call it a conflict when both devices wrote the same thing', () => {
    const run = only(foldChecklists([attach(phishing), setStep(A, 1000, 'phish-check', 'done'), setStep(B, 1000, 'phish-check', 'done')]));
    expect(item(run, 'phish-check').conflict).toBeUndefined();
    expect(item(run, 'phish-check').heads).toHaveLength(2);
  });

  it('counts the latest pass of a repeated group and opens a pass per iteration written', () => {
    const malware = builtin('builtin.malware-outbreak');
    const events = [
      attach(malware),
      setStep(A, 1000, 'mal-sweep-scan', 'done'),
      setStep(A, 2000, 'mal-sweep-isolate', 'done'),
      setStep(A, 3000, 'mal-sweep-scan', 'done', { iteration: 1 }),
    ];
    const run = only(foldChecklists(events));
    expect(item(run, 'mal-sweep')).toMatchObject({ kind: 'repeat', passes: 2, status: 'open' });
    expect(item(run, 'mal-sweep-scan', 0)).toMatchObject({ status: 'done', counts: false, active: true });
    expect(item(run, 'mal-sweep-scan', 1)).toMatchObject({ status: 'done', counts: true });
    expect(item(run, 'mal-sweep-isolate', 1)).toMatchObject({ status: 'open', counts: true });
    const parallel = item(run, 'mal-contain');
    expect(parallel).toMatchObject({ kind: 'parallel', status: 'open', counts: false });
    const all = only(foldChecklists([...events, setStep(A, 4000, 'mal-sweep-isolate', 'done', { iteration: 1 })]));
    expect(item(all, 'mal-sweep').status).toBe('done');
  });

  it('calls the write that opens a new pass a start, and a later reopening a reopening', () => {
    const malware = builtin('builtin.malware-outbreak');
    const started = setStep(A, 3000, 'mal-sweep-scan', 'open', { iteration: 1 });
    const events = [attach(malware), setStep(A, 1000, 'mal-sweep-scan', 'done'), setStep(A, 2000, 'mal-sweep-isolate', 'done'), started];
    expect(item(only(foldChecklists(events)), 'mal-sweep-scan', 1)).toMatchObject({ status: 'open', passStarted: true });
    const done = setStep(A, 4000, 'mal-sweep-scan', 'done', { iteration: 1, supersedes: [started] });
    const reopened = only(foldChecklists([...events, done, setStep(A, 5000, 'mal-sweep-scan', 'open', { iteration: 1, supersedes: [done] })]));
    expect(item(reopened, 'mal-sweep-scan', 1).passStarted).toBeUndefined();
  });

  it('shows a detached run with the reason, and ignores events about unknown runs and steps', () => {
    const other = '5e1ec7ed-0000-4000-8000-0000000000ff';
    const events = [attach(phishing), setStep(A, 1000, 'no-such-step', 'done'), setStep(A, 1000, 'phish-check', 'done', { runId: other }), detach(B, 2000, 'Attached by mistake')];
    const run = only(foldChecklists(events));
    expect(run.detached).toMatchObject({ reason: 'Attached by mistake', device: B });
    expect(run.items.every((i) => i.status === 'open')).toBe(true);
  });

  it('keeps several runs apart, in the order they were attached', () => {
    const second = '5e1ec7ed-0000-4000-8000-000000000002';
    const runs = foldChecklists([attach(builtin('builtin.lost-device'), B, 500, second), attach(phishing, A, 100), setStep(A, 900, 'lost-details', 'done', { runId: second })]);
    expect(runs.map((r) => r.playbookId)).toEqual(['builtin.phishing', 'builtin.lost-device']);
    expect(item(runs[1] as ChecklistRun, 'lost-details').status).toBe('done');
    expect(item(runs[0] as ChecklistRun, 'phish-kit').status).toBe('open');
  });

  it('refuses a skipped or blocked step without a reason', () => {
    for (const status of ['skipped', 'blocked'] as const) {
      const event = setStep(A, 1000, 'phish-check', status);
      const result = validateCaseEvent(event);
      expect(result).toMatchObject({ ok: false, issues: [{ path: 'payload.reason', message: 'Say why: a skipped or blocked step needs a reason' }] });
    }
    expect(validateCaseEvent(setStep(A, 1000, 'phish-check', 'skipped', { reason: 'Not needed' })).ok).toBe(true);
  });
});

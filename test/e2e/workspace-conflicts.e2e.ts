import { expect, test } from './host-fixture';
import { apiClient, caseRow, createVault } from './workspace-support';

test('writes made at once on two devices are shown side by side until one is kept', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);

  // Two writes that both supersede the same value, as two devices that had not
  // seen each other's change would make them.
  const opened = await call('case.create', { title: 'Data leak from the HR share', category: 'information-content-security', priority: 'high', site: 'Bern' });
  const caseId = opened.id;
  for (const value of ['triage', 'responding'] as const) {
    await call('case.setField', { caseId, change: { field: 'status', value, supersedes: opened.fieldHeads.status } });
  }
  for (const value of ['Bern HQ', 'Bern annex']) {
    await call('case.setField', { caseId, change: { field: 'site', value, supersedes: opened.fieldHeads.site } });
  }
  const withNote = await call('note.add', { caseId, text: 'HR share was world-readable' });
  const note = withNote.notes[0];
  if (!note) throw new Error('no note');
  for (const text of ['HR share was world-readable since March', 'HR share was readable by all staff']) {
    await call('note.edit', { caseId, noteId: note.id, text, supersedes: note.heads });
  }
  const withEntry = await call('timeline.add', { caseId, at: '2026-11-20T10:00:00+01:00', text: 'Leak reported' });
  const entry = withEntry.timeline[0];
  if (!entry) throw new Error('no entry');
  await call('timeline.edit', { caseId, entryId: entry.id, at: '2026-11-20T09:45:00+01:00', text: 'Leak reported by a journalist', supersedes: entry.heads });
  await call('timeline.edit', { caseId, entryId: entry.id, at: '2026-11-20T10:00:00+01:00', text: 'Leak reported by the works council', supersedes: entry.heads });

  await page.reload();
  await expect(caseRow(page, /Data leak from the HR share/)).toContainText('4 conflicts to review');
  await caseRow(page, /Data leak from the HR share/).click();
  const workspace = page.getByRole('region', { name: 'Data leak from the HR share' });
  const banner = workspace.getByRole('status').filter({ hasText: 'changed on two devices at once' });
  await expect(banner).toContainText('2 fields, 1 note and 1 timeline entry were changed on two devices at once');

  // Review takes the keyboard to the first "Keep this".
  await workspace.getByRole('tab', { name: /Notes/ }).click();
  await banner.getByRole('button', { name: 'Review' }).click();
  await expect(workspace.getByRole('tab', { name: /Overview/ })).toHaveAttribute('aria-selected', 'true');
  const status = workspace.getByRole('group', { name: 'Competing values of status' });
  await expect(status.getByRole('button', { name: /Keep this/ }).first()).toBeFocused();
  await expect(status.getByRole('listitem')).toHaveCount(2);
  await expect(status.getByRole('listitem').nth(0)).toContainText('Responding');
  await expect(status.getByRole('listitem').nth(0)).toContainText('shown now');
  await expect(status.getByRole('listitem').nth(1)).toContainText('Triage');
  await shot('39-conflicts-overview');

  // The overridden write is marked in the history.
  await workspace.getByRole('tab', { name: /History/ }).click();
  await expect(workspace.locator('.history-row.overridden').filter({ hasText: 'Set status to triage' })).toContainText('overridden by a concurrent change');
  await shot('40-conflicts-history');

  // Keep the value that lost: it is written again over both, and the conflict is settled.
  await workspace.getByRole('tab', { name: /Overview/ }).click();
  await status.getByRole('listitem').nth(1).getByRole('button', { name: /Keep this/ }).click();
  await expect(status).toHaveCount(0);
  await expect(workspace.getByRole('list', { name: 'Case at a glance' })).toContainText('Triage');
  await expect(banner).toContainText('1 field, 1 note and 1 timeline entry were changed');

  await workspace.getByRole('group', { name: 'Competing values of site / division' }).getByRole('button', { name: /Keep this/ }).first().click();
  await expect(workspace.getByRole('list', { name: 'Case at a glance' })).toContainText('Bern annex');

  await workspace.getByRole('tab', { name: /Notes/ }).click();
  const noteChoices = workspace.getByRole('group', { name: 'Competing values of this note' });
  await expect(noteChoices.getByRole('listitem')).toHaveCount(2);
  await shot('41-conflicts-note');
  await noteChoices.getByRole('listitem').filter({ hasText: 'since March' }).getByRole('button', { name: /Keep this/ }).click();
  await expect(noteChoices).toHaveCount(0);
  await expect(workspace.getByRole('list', { name: 'Notes, newest first' })).toContainText('HR share was world-readable since March');

  await workspace.getByRole('tab', { name: /Timeline/ }).click();
  const entryChoices = workspace.getByRole('group', { name: 'Competing values of this entry' });
  await expect(entryChoices).toContainText('Leak reported by a journalist');
  await entryChoices.getByRole('listitem').filter({ hasText: 'journalist' }).getByRole('button', { name: /Keep this/ }).click();
  await expect(entryChoices).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  await expect(caseRow(page, /Data leak from the HR share/)).not.toContainText('conflict');
  await shot('42-conflicts-resolved');
});

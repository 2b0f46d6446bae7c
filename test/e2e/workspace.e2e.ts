import { expect, startHostProcess, test } from './host-fixture';
import { caseRow, createVault, unlock } from './workspace-support';

const title = 'Ransomware on the Lyon file server';

test('a case is edited, annotated and timed in its workspace, and all of it survives a restart', async ({ page, host, vaultDir, shot }) => {
  await createVault(page, host);
  // The CSP allows no inline styles: a violation (or any other error) shows up in the console.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });

  // New case: the site may be left empty.
  await page.getByRole('button', { name: 'New case' }).click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await expect(dialog.getByLabel('Site (optional)')).toBeVisible();
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Category').selectOption({ label: 'Malicious code' });
  await dialog.getByLabel('Priority').selectOption({ label: 'High' });
  await shot('20-new-case-optional-site');
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(dialog).toBeHidden();

  const workspace = page.getByRole('region', { name: title });
  await expect(workspace.getByRole('heading', { name: title })).toBeVisible();
  await expect(workspace.getByRole('tab', { name: /Overview/ })).toHaveAttribute('aria-selected', 'true');
  await expect(workspace.getByRole('list', { name: 'Case at a glance' })).toContainText('New');
  await shot('21-workspace-overview-new');

  // Status: a select saved with Enter.
  await workspace.getByRole('button', { name: 'Edit status' }).click();
  await workspace.getByLabel('Status', { exact: true }).selectOption('responding');
  await workspace.getByLabel('Status', { exact: true }).press('Enter');
  await expect(workspace.getByRole('list', { name: 'Case at a glance' })).toContainText('Responding');
  await expect(workspace.getByRole('button', { name: 'Edit status' })).toBeFocused();

  // Site: typed, then Escape leaves it unchanged; typed again and saved with Enter.
  await workspace.getByRole('button', { name: 'Edit site / division' }).click();
  await workspace.getByRole('textbox', { name: 'Site / division' }).fill('Nowhere');
  await workspace.getByRole('textbox', { name: 'Site / division' }).press('Escape');
  await expect(workspace.getByRole('button', { name: 'Edit site / division' })).toBeVisible();
  await expect(workspace).not.toContainText('Nowhere');
  await workspace.getByRole('button', { name: 'Edit site / division' }).click();
  await workspace.getByRole('textbox', { name: 'Site / division' }).fill('Lyon office');
  await workspace.getByRole('textbox', { name: 'Site / division' }).press('Enter');
  await expect(workspace.getByRole('list', { name: 'Case at a glance' })).toContainText('Lyon office');

  // Assignees: add two, remove one, save.
  await workspace.getByRole('button', { name: 'Edit assignees' }).click();
  await workspace.getByLabel('Name to assign').fill('Alice Martin');
  await workspace.getByLabel('Name to assign').press('Enter');
  await workspace.getByLabel('Name to assign').fill('Bob Keller');
  await workspace.getByRole('button', { name: 'Add', exact: true }).click();
  await workspace.getByLabel('Name to assign').fill('Chloé Durand');
  await workspace.getByLabel('Name to assign').press('Enter');
  await workspace.getByRole('button', { name: 'Remove Bob Keller' }).click();
  await shot('22-assignees-editor');
  await workspace.getByRole('form', { name: 'Edit assignees' }).getByRole('button', { name: 'Save' }).click();
  const assignees = workspace.getByRole('list', { name: 'Assignees' });
  await expect(assignees.getByRole('listitem')).toHaveText(['Alice Martin', 'Chloé Durand']);

  // Summary: multi-line, Ctrl+Enter saves.
  await workspace.getByRole('button', { name: 'Edit summary' }).click();
  await workspace.getByRole('textbox', { name: 'Summary' }).fill('Ransom note found on FS01 at 08:10.\nShares encrypted; backups intact.');
  await workspace.getByRole('textbox', { name: 'Summary' }).press('Control+Enter');
  await expect(workspace.getByText('Shares encrypted; backups intact.')).toBeVisible();

  // A title cannot be emptied: the error comes from the journal's own schema.
  await workspace.getByRole('button', { name: 'Edit title' }).click();
  await workspace.getByLabel('Title', { exact: true }).fill('   ');
  await workspace.getByLabel('Title', { exact: true }).press('Enter');
  await expect(workspace.getByRole('form', { name: 'Edit title' }).getByRole('alert')).toHaveText('Title is required');
  await shot('23-field-error');
  await workspace.getByLabel('Title', { exact: true }).press('Escape');
  await shot('24-overview-edited');

  // Notes.
  await workspace.getByRole('tab', { name: /Notes/ }).click();
  await expect(workspace.getByText('No notes yet.')).toBeVisible();
  await shot('25-notes-empty');
  const newNote = workspace.getByLabel('New note');
  await newNote.fill('Isolated FS01 from the network.');
  await workspace.getByRole('button', { name: 'Add note' }).click();
  await expect(newNote).toHaveValue('');
  await newNote.fill('Called the backup provider.');
  await newNote.press('Control+Enter');
  const notes = workspace.getByRole('list', { name: 'Notes, newest first' }).getByRole('listitem');
  await expect(notes).toHaveCount(2);
  await expect(notes.nth(0)).toContainText('Called the backup provider.');
  await expect(notes.nth(1)).toContainText('Isolated FS01 from the network.');

  // Edit the older note.
  await notes.nth(1).getByRole('button', { name: 'Edit this note' }).click();
  await notes.nth(1).getByLabel('Note text').fill('Isolated FS01 and FS02 from the network.');
  await notes.nth(1).getByRole('button', { name: 'Save' }).click();
  await expect(notes.nth(1)).toContainText('Isolated FS01 and FS02 from the network.');
  await expect(notes.nth(1).getByText('edited', { exact: true })).toBeVisible();

  // Retract the newer one: the reason is mandatory.
  await notes.nth(0).getByRole('button', { name: 'Retract this note' }).click();
  await notes.nth(0).getByRole('button', { name: 'Retract note' }).click();
  await expect(notes.nth(0).getByRole('alert')).toHaveText('Reason is required');
  await notes.nth(0).getByLabel('Reason for retracting (required)').fill('Wrong case: that call was about another incident');
  await shot('26-notes-retract-form');
  await notes.nth(0).getByRole('button', { name: 'Retract note' }).click();
  await expect(notes.nth(0)).toContainText('Retracted by');
  await expect(notes.nth(0)).toContainText('Wrong case: that call was about another incident');
  await expect(notes.nth(0).locator('.entry-text')).toHaveCSS('text-decoration-line', 'line-through');
  await expect(notes.nth(0).getByRole('button', { name: 'Edit this note' })).toHaveCount(0);
  await shot('27-notes');

  // Timeline: entries are shown in the order they happened, not the order they were written.
  await workspace.getByRole('tab', { name: /Timeline/ }).click();
  await expect(workspace.getByText('No timeline entries yet.')).toBeVisible();
  const addEntry = workspace.getByRole('form', { name: 'Add to the timeline' });
  // A time a month ahead is a typo: said before it is saved. One before the case was opened is pointed out too.
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));
  const nextMonth = await page.evaluate(() => new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('sv'));
  await expect(addEntry.getByLabel('When')).toHaveValue(new RegExp(`^${today}T`));
  await addEntry.getByLabel('When').fill(`${nextMonth}T09:30:00`);
  await expect(addEntry.getByRole('status')).toContainText(/This is in the future \(in \d+ days\)/);
  await shot('28a-timeline-future-warning');
  await addEntry.getByLabel('When').fill('2026-11-23T09:30:00');
  await expect(addEntry.getByRole('status')).toContainText('before the case was opened');
  await addEntry.getByLabel('What happened').fill('FS01 disconnected');
  await addEntry.getByRole('button', { name: 'Add to timeline' }).click();
  await expect(addEntry.getByLabel('What happened')).toHaveValue('');
  // The next entry starts from now again, not from the last entry's time.
  await expect(addEntry.getByLabel('When')).toHaveValue(new RegExp(`^${today}T`));
  await addEntry.getByLabel('When').fill('2026-11-23T08:10:15');
  await addEntry.getByLabel('What happened').fill('First ransom note seen');
  await addEntry.getByLabel('What happened').press('Enter');
  await addEntry.getByLabel('When').fill('2026-11-23T11:00:00');
  await addEntry.getByLabel('What happened').fill('Backups checked');
  await addEntry.getByRole('button', { name: 'Add to timeline' }).click();
  const entries = workspace.getByRole('list', { name: 'Timeline, earliest first' }).getByRole('listitem');
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('First ransom note seen');
  await expect(entries.nth(1)).toContainText('FS01 disconnected');
  await expect(entries.nth(2)).toContainText('Backups checked');

  // Edit an entry's time: it moves.
  await entries.nth(2).getByRole('button', { name: 'Edit this entry' }).click();
  await entries.nth(2).getByLabel('When').fill('2026-11-23T07:45:00');
  await entries.nth(2).getByLabel('What happened').fill('Backups checked: last good copy at 07:45');
  await shot('28-timeline-edit');
  await entries.nth(2).getByRole('button', { name: 'Save' }).click();
  await expect(entries.nth(0)).toContainText('Backups checked: last good copy at 07:45');
  await expect(entries.nth(0).getByText('edited', { exact: true })).toBeVisible();

  // Retract one with a reason.
  await entries.nth(2).getByRole('button', { name: 'Retract this entry' }).click();
  await entries.nth(2).getByLabel('Reason for retracting (required)').fill('Disconnected FS02, not FS01');
  await entries.nth(2).getByLabel('Reason for retracting (required)').press('Enter');
  await expect(entries.nth(2)).toContainText('Disconnected FS02, not FS01');
  await shot('29-timeline');

  // History: every event, newest first.
  await workspace.getByRole('tab', { name: /History/ }).click();
  // opened + status + site + assignees + summary + 2 notes + note edit + retraction + 3 entries + entry edit + retraction
  await expect(workspace.getByText('14 events', { exact: true })).toBeVisible();
  const history = workspace.getByRole('list').filter({ has: page.locator('.history-row') });
  const rows = history.getByRole('listitem');
  await expect(rows.first()).toContainText('Retracted an entry: “Disconnected FS02, not FS01”');
  await expect(rows.nth(1)).toContainText('Edited a timeline entry');
  await expect(rows.last()).toContainText(`Opened the case “${title}”`);
  await expect(history).toContainText('Set status to responding');
  await expect(history).toContainText('Set assignees to Alice Martin, Chloé Durand');
  await shot('30-history');

  // Keyboard: arrows move between tabs.
  await workspace.getByRole('tab', { name: /History/ }).focus();
  await page.keyboard.press('Home');
  await expect(workspace.getByRole('tab', { name: /Overview/ })).toBeFocused();
  await expect(workspace.getByRole('tab', { name: /Overview/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(workspace.getByRole('tab', { name: /Notes/ })).toHaveAttribute('aria-selected', 'true');
  expect(consoleErrors).toEqual([]);

  await host.stop();
  const restarted = await startHostProcess(vaultDir);
  try {
    await page.goto(restarted.url);
    await unlock(page);
    await caseRow(page, new RegExp(title)).click();
    const again = page.getByRole('region', { name: title });
    await expect(again.getByRole('list', { name: 'Case at a glance' })).toContainText('Responding');
    await expect(again.getByRole('list', { name: 'Assignees' }).getByRole('listitem')).toHaveText(['Alice Martin', 'Chloé Durand']);
    await expect(again.getByText('Shares encrypted; backups intact.')).toBeVisible();
    await again.getByRole('tab', { name: /Notes/ }).click();
    await expect(again.getByText('Isolated FS01 and FS02 from the network.')).toBeVisible();
    await expect(again.getByText('Wrong case: that call was about another incident')).toBeVisible();
    await again.getByRole('tab', { name: /Timeline/ }).click();
    await expect(again.getByRole('list', { name: 'Timeline, earliest first' }).getByRole('listitem')).toHaveCount(3);
    await again.getByRole('tab', { name: /History/ }).click();
    await expect(again.getByText('14 events', { exact: true })).toBeVisible();
    await shot('31-after-restart');
  } finally {
    await restarted.stop();
  }
});

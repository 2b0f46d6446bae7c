import type { Page } from '@playwright/test';
import { expect, test } from './host-fixture';
import { apiClient, caseRow, createVault } from './workspace-support';

/** Whether the focused element is inside the open modal dialog. */
const focusInDialog = (page: Page) => page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null && document.activeElement?.tagName !== 'DIALOG');

test('dialogs keep the focus, ask before throwing typed words away, and every action leaves the focus somewhere sensible', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);

  // Tab and Shift+Tab go round inside the New case dialog, never out of it.
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await expect(dialog.getByLabel('Title')).toBeFocused();
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInDialog(page)).toBe(true);
  }
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusInDialog(page)).toBe(true);
  }

  // Escape with a title typed asks first; Escape again (or Keep editing) goes back to the form with the title kept.
  await dialog.getByLabel('Title').fill('Ransom note on the print server');
  await page.keyboard.press('Escape');
  const confirm = dialog.getByRole('alertdialog', { name: 'Discard this new case?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await shot('29-new-case-discard-confirm');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(dialog.getByLabel('Title')).toHaveValue('Ransom note on the print server');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await confirm.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toHaveCount(0);
  // An empty form closes at once.
  await page.keyboard.press('n');
  // Escape only once the dialog is there to take it.
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // In the checklist: after Attach, focus is on the new checklist; after Done, on the step's box; Escape in Skip goes back to Skip….
  const opened = await call('case.create', { title: 'Phishing at reception', category: 'fraud', priority: 'medium' });
  await page.reload();
  await caseRow(page, /Phishing at reception/).click();
  await page.getByRole('tab', { name: /Checklist/ }).click();
  await page.getByRole('button', { name: 'Attach a playbook' }).click();
  const picker = page.getByRole('region', { name: 'Attach a playbook' });
  await expect(picker.getByRole('button', { name: 'Attach Phishing', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Attach a playbook' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(picker.getByRole('button', { name: 'Attach Phishing', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  const run = page.getByRole('region', { name: 'Checklist: Phishing' });
  await expect(run.getByRole('heading', { name: 'Phishing' })).toBeFocused();

  const kit = run.getByRole('listitem', { name: /^Have the right people and access at hand/ });
  await kit.getByRole('button', { name: 'Done' }).click();
  await expect(kit).toHaveAccessibleName(/— Done$/);
  await expect(kit.getByRole('checkbox')).toBeFocused();
  const check = run.getByRole('listitem', { name: /^Check that it really is phishing/ });
  await check.getByRole('button', { name: 'Skip…' }).click();
  await page.keyboard.press('Escape');
  await expect(check.getByRole('button', { name: 'Skip…' })).toBeFocused();
  await check.getByRole('button', { name: 'Skip…' }).press('Enter');
  await page.keyboard.type('Reported by the mail filter itself');
  await page.keyboard.press('Enter');
  await expect(check).toHaveAccessibleName(/— Skipped$/);
  expect(await page.evaluate(() => document.activeElement?.closest('li[data-step]')?.getAttribute('data-step'))).toBe('phish-check');
  await shot('54-checklist-focus-after-skip');
  expect(opened.id).toBeTruthy();
});

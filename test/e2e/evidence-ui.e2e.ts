/**
 * The evidence log and the investigation records through the UI in the
 * browser mode: register an item, attach a file (the path typed, as the
 * browser mode has no drag and drop), hand it over twice, verify it, damage
 * the stored blob and see the verification fail loudly, save the custody
 * form; paste indicator rows with a bad one, import the good ones, export CSV.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './host-fixture';
import { apiClient, caseRow, createVault } from './workspace-support';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function fillWhen(page: Page, form: ReturnType<Page['getByRole']>, value: string) {
  await form.getByLabel('When').fill(value);
}

test('an item is registered, gets a file, changes hands twice, verifies, fails loudly once damaged, and prints its custody form', async ({ page, host, vaultDir, shot }, testInfo) => {
  const call = apiClient(host);
  await page.setViewportSize({ width: 1400, height: 900 });
  await createVault(page, host);
  await call('case.create', { title: 'Ransom note on the finance file server', category: 'malicious-code', priority: 'high', site: 'Lyon office' });
  await page.reload();
  await caseRow(page, /Ransom note/).click();
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await expect(page.getByText('No evidence recorded yet.')).toBeVisible();
  await shot('70-evidence-empty');

  // Register.
  await page.getByRole('button', { name: 'Register item…' }).click();
  const register = page.getByRole('form', { name: 'Register an evidence item' });
  await register.getByLabel('Description').fill('Disk image of FIN-FS01 <b>not bold</b>');
  await register.getByLabel('Type').selectOption('disk-image');
  await register.getByLabel('Source host or device').fill('FIN-FS01 (Dell R740, s/n 7XK2Q)');
  await register.getByLabel('Location').fill('Server room B, rack 4');
  await register.getByLabel('Collected by').fill('Ann Responder');
  await fillWhen(page, register, '2026-01-23T09:15:00');
  await register.getByLabel('Method or tool').fill('FTK Imager 4.7, write blocker Tableau T35u');
  await shot('71-evidence-register-form');
  await register.getByRole('button', { name: 'Register item' }).click();
  await expect(register).toHaveCount(0);
  const detail = page.getByRole('article', { name: /Disk image of FIN-FS01/ });
  await expect(detail).toBeVisible();
  await expect(detail.getByText('Disk image of FIN-FS01 <b>not bold</b>')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Evidence items' }).getByText('No files')).toBeVisible();
  await expect(detail.getByLabel('Exhibit E-001')).toBeVisible();

  // Attach a file by its path; the digest shown is the file's SHA-256.
  const source = testInfo.outputPath('fin-fs01.E01');
  const content = randomBytes(3 * 1024 * 1024 + 17);
  await writeFile(source, content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const attach = detail.getByRole('form', { name: 'Attach a file' });
  await attach.getByLabel(/Attach file/).fill(source);
  await attach.getByLabel(/Attach file/).press('Enter');
  await expect(detail.getByRole('group', { name: /Attaching/ })).toBeVisible();
  await expect(detail.getByRole('status').filter({ hasText: 'Attached fin-fs01.E01' })).toBeVisible();
  await expect(detail.getByTestId('sha256')).toHaveText(sha256);
  await expect(detail.getByRole('listitem', { name: 'File fin-fs01.E01' }).getByText('Unverified')).toBeVisible();
  await shot('72-evidence-file-attached');

  // Two hand-overs; the form starts from the current holder.
  await detail.getByRole('button', { name: 'Transfer custody…' }).click();
  let transfer = detail.getByRole('form', { name: 'Transfer custody' });
  await expect(transfer.getByLabel('From')).toHaveValue('Ann Responder');
  await transfer.getByLabel('To').fill('Bob Courier');
  await fillWhen(page, transfer, '2026-01-23T11:00:00');
  await transfer.getByLabel('Place').fill('Lyon office, reception');
  await transfer.getByLabel('Purpose').fill('Transport to the lab');
  await transfer.getByLabel('Condition').fill('Sealed in bag 0042, seal intact');
  await shot('73-evidence-transfer-form');
  await transfer.getByRole('button', { name: 'Record transfer' }).click();
  await expect(transfer).toHaveCount(0);
  await detail.getByRole('button', { name: 'Transfer custody…' }).click();
  transfer = detail.getByRole('form', { name: 'Transfer custody' });
  await expect(transfer.getByLabel('From')).toHaveValue('Bob Courier');
  await transfer.getByLabel('To').fill('Lab evidence locker 3');
  await fillWhen(page, transfer, '2026-01-23T15:40:00');
  await transfer.getByLabel('Place').fill('Forensics lab, Paris');
  await transfer.getByLabel('To').press('Enter');
  await expect(transfer).toHaveCount(0);
  const custody = detail.getByRole('list', { name: 'Chain of custody, earliest first' });
  await expect(custody.getByRole('listitem')).toHaveCount(4);
  // Collected, the two hand-overs, then the file's intake (today): in the order things happened, no flags.
  await expect(custody.getByRole('listitem').nth(0)).toContainText('Collected by Ann Responder');
  await expect(custody.getByRole('listitem').nth(1)).toContainText('Ann Responder → Bob Courier');
  await expect(custody.getByRole('listitem').nth(2)).toContainText('Bob Courier → Lab evidence locker 3');
  await expect(custody.getByRole('listitem').nth(3)).toContainText('File attached');
  await expect(custody.locator('.flagged')).toHaveCount(0);
  await expect(detail.getByText('Lab evidence locker 3', { exact: true }).first()).toBeVisible();

  // Verify: all good.
  await detail.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(detail.getByText('All 1 file matches its recorded SHA-256.')).toBeVisible();
  await expect(detail.getByRole('listitem', { name: 'File fin-fs01.E01' }).getByText('Verified', { exact: true })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Verification FAILED' })).toHaveCount(0);
  await shot('74-evidence-verified');

  // Damage the stored blob: one flipped byte; "Verify all" says so, loudly.
  const blobs = await filesUnder(path.join(vaultDir, 'blobs'));
  expect(blobs.length).toBeGreaterThan(0);
  for (const blob of blobs) {
    const bytes = await readFile(blob);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await writeFile(blob, bytes);
  }
  await page.getByRole('button', { name: 'Verify all' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'Verification FAILED for 1 file' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('fin-fs01.E01');
  await expect(detail.getByRole('listitem', { name: 'File fin-fs01.E01' }).getByText('FAILED')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Evidence items' }).getByText('FAILED')).toBeVisible();
  await shot('75-evidence-verify-failed');

  // The custody form: saved as an HTML file, which opens (styled, by its own policy) in a browser.
  const downloading = page.waitForEvent('download');
  await detail.getByRole('group', { name: 'Custody form' }).getByRole('button', { name: 'Save HTML' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^chain-of-custody-ransom-note-on-the-finance-file-server-item-[0-9a-f]{8}\.html$/);
  const saved = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  await expect(detail.getByRole('status').filter({ hasText: 'Saved chain-of-custody' })).toBeVisible();
  const html = await readFile(saved, 'utf8');
  expect(html).toContain('E-001');
  expect(html).toContain(sha256);
  expect(html).toContain('Lab evidence locker 3');
  expect(html).not.toContain('<b>not bold</b>');
  const form = await page.context().newPage();
  await form.setViewportSize({ width: 1100, height: 900 });
  await form.goto(`file://${saved}`);
  await expect(form.getByRole('heading', { name: 'Chain of custody', level: 1 })).toBeVisible();
  await expect(form.getByRole('cell', { name: 'Bob Courier' }).first()).toBeVisible();
  await expect(form.getByText('Disk image of FIN-FS01 <b>not bold</b>').first()).toBeVisible();
  await form.screenshot({ path: path.join(path.dirname(testInfo.outputPath()), '..', 'screenshots', '76-evidence-custody-form.png'), fullPage: true });
  await form.close();
});

test('indicator rows are pasted, a bad row blocks the import until only the good rows are taken, and the grid exports as CSV', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await page.setViewportSize({ width: 1400, height: 900 });
  await createVault(page, host);
  await call('case.create', { title: 'Phishing wave at the finance office', category: 'fraud', priority: 'high', site: 'HQ' });
  await page.reload();
  await caseRow(page, /Phishing wave/).click();
  await page.getByRole('tab', { name: 'Records' }).click();
  await expect(page.getByText(/No indicators recorded yet/)).toBeVisible();
  await shot('77-records-empty');

  await page.getByRole('button', { name: 'Paste rows…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste indicators' });
  await dialog.getByLabel(/Rows from a spreadsheet/).fill(['type,value,tlp,note', 'ip,203.0.113[.]7,amber,C2 in proxy logs', 'url,hxxps://evil-invoice[.]example/pay,red,Link in the mail', 'ip,999.1.1.1,green,typo'].join('\n'));
  await dialog.getByRole('button', { name: 'Check rows' }).click();
  const preview = dialog.getByRole('table', { name: 'Rows to import' });
  await expect(preview.getByRole('row')).toHaveCount(4);
  const bad = preview.locator('tr.bad-row');
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('999.1.1.1');
  await expect(dialog.getByText('3 rows: 2 good, 1 bad.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Import 2 rows' })).toBeDisabled();
  await shot('78-records-paste-preview');
  // Plain rows, one of them an address that is none, far below the fold: refused as an address and brought into view.
  const plain = Array.from({ length: 30 }, (_, i) => `198.51.100.${i + 1}`);
  plain.splice(24, 0, '300.2.3.4');
  await dialog.getByLabel(/Rows from a spreadsheet/).fill(plain.join('\n'));
  await dialog.getByRole('button', { name: 'Check rows' }).click();
  await expect(dialog.getByText('31 rows: 30 good, 1 bad.')).toBeVisible();
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('300.2.3.4');
  await expect(bad).toBeInViewport();
  await shot('78a-records-paste-plain-bad-address');
  await dialog.getByLabel(/Rows from a spreadsheet/).fill(['type,value,tlp,note', 'ip,203.0.113[.]7,amber,C2 in proxy logs', 'url,hxxps://evil-invoice[.]example/pay,red,Link in the mail', 'ip,999.1.1.1,green,typo'].join('\n'));
  await dialog.getByRole('button', { name: 'Check rows' }).click();
  await expect(dialog.getByText('3 rows: 2 good, 1 bad.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import only the 2 good rows' }).click();
  await expect(dialog.getByText('Imported 2 indicators.')).toBeVisible();
  await expect(dialog.getByText('Skipped 1 bad row and 0 duplicates.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  const grid = page.getByRole('table', { name: 'Indicators' });
  await expect(grid.getByRole('cell', { name: '203.0.113.7', exact: true })).toBeVisible();
  await expect(grid.getByRole('cell', { name: 'https://evil-invoice.example/pay', exact: true })).toBeVisible();
  await expect(grid.getByRole('cell', { name: 'hxxps://evil-invoice[.]example/pay', exact: true })).toBeVisible();

  // Sort by value (click, then Enter for descending); filter by column.
  await grid.getByRole('button', { name: 'Value' }).click();
  await expect(grid.getByRole('columnheader', { name: /Value/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.locator('tbody tr').first()).toContainText('203.0.113.7');
  await grid.getByRole('button', { name: /Value/ }).press('Enter');
  await expect(grid.getByRole('columnheader', { name: /Value/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.locator('tbody tr').first()).toContainText('evil-invoice');
  await page.getByLabel('Filter indicators').fill('tlp:red');
  await expect(grid.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByText('1 of 2 shown')).toBeVisible();
  await shot('79-records-grid-filtered');
  await page.getByLabel('Filter indicators').fill('');

  // Add one by hand, defanged; then retract it with a reason.
  await page.getByRole('button', { name: 'Add indicator…' }).click();
  const add = page.getByRole('form', { name: 'Add indicator' });
  await add.getByRole('textbox', { name: /^Value/ }).fill('evil-invoice[.]example');
  await add.getByLabel('Note').fill('Sender domain');
  await shot('80-records-add-form');
  await add.getByRole('textbox', { name: /^Value/ }).press('Enter');
  await expect(add).toHaveCount(0);
  await expect(grid.getByRole('cell', { name: 'evil-invoice.example', exact: true })).toBeVisible();
  await grid.getByRole('button', { name: 'Retract evil-invoice.example' }).click();
  await page.getByLabel('Why is it retracted? (required)').fill('Duplicate of the URL');
  await page.getByLabel('Why is it retracted? (required)').press('Enter');
  await expect(grid.getByRole('cell', { name: 'evil-invoice.example', exact: true })).toHaveCount(0);

  // Defanged by default, for sharing: nothing in the file is a live link.
  await expect(page.getByLabel('Defanged, safe to share')).toBeChecked();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('indicators-phishing-wave-at-the-finance-office-defanged.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^Type,Value,/);
  expect(csv).toContain('203[.]0[.]113[.]7');
  expect(csv).toContain('hxxps://evil-invoice[.]example/pay');
  expect(csv).not.toContain('https://');
  await expect(page.getByRole('status').filter({ hasText: 'Saved indicators-phishing-wave' })).toBeVisible();
  await shot('81-records-grid');
  // Live values when asked for, e.g. for a blocklist.
  await page.getByLabel('Defanged, safe to share').uncheck();
  const downloadingLive = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const live = await readFile(await (await downloadingLive).path(), 'utf8');
  expect(live).toContain('https://evil-invoice.example/pay');

  // At 1024×700 the grid stays usable: columns nobody filled are left out (and said so), the value keeps its width, Retract stays whole.
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(page.getByTestId('hidden-columns')).toHaveText('Empty, not shown: first seen, last seen, evidence items, systems');
  await expect(grid.getByRole('columnheader', { name: /First seen/ })).toHaveCount(0);
  const value = await grid.getByRole('cell', { name: '203.0.113.7', exact: true }).boundingBox();
  expect(value?.width ?? 0).toBeGreaterThanOrEqual(190);
  const retract = await grid.getByRole('button', { name: 'Retract 203.0.113.7' }).boundingBox();
  expect((retract?.x ?? 0) + (retract?.width ?? 0)).toBeLessThanOrEqual(1024);
  expect(retract?.height ?? 99).toBeLessThan(30);
  await shot('81b-records-grid-1024');
});

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, startHostProcess, test } from './host-fixture';
import { apiClient, caseRow, createVault, passphrase, unlock } from './workspace-support';

test('a case whose journal is damaged is listed as such, names its file, and does not stop the others', async ({ page, host, vaultDir, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);
  const damaged = await call('case.create', { title: 'Worm on the lab network', category: 'malicious-code', priority: 'critical', site: 'Lab' });
  for (const text of ['Lab VLAN isolated', 'Samples collected', 'Vendor contacted']) await call('note.add', { caseId: damaged.id, text });
  await call('case.create', { title: 'Scanner hitting the VPN', category: 'information-gathering', priority: 'low' });
  await host.stop();

  // One flipped byte inside the first record, and a few stray bytes at the end.
  const journal = path.join(vaultDir, 'cases', `${damaged.id}.journal`);
  const bytes = await readFile(journal);
  bytes[8 + 4 + 20] = (bytes[8 + 4 + 20] ?? 0) ^ 0xff;
  await writeFile(journal, Buffer.concat([bytes, Buffer.from([1, 2, 3])]));

  const restarted = await startHostProcess(vaultDir);
  try {
    await page.goto(restarted.url);
    await unlock(page);
    const list = page.getByRole('navigation', { name: 'Cases' });
    const row = list.getByRole('listitem', { name: /Worm on the lab network — cannot be opened/ });
    await expect(row).toContainText('This case cannot be opened.');
    await expect(row).toContainText(`${damaged.id}.journal`);
    await expect(row.getByRole('button')).toHaveCount(0);
    const notices = page.getByRole('status', { name: 'Notices' });
    await expect(notices).toContainText(`${damaged.id}.journal`);
    await shot('43-damaged-case');

    await notices.getByRole('button', { name: 'Dismiss notices' }).click();
    await expect(notices).toHaveCount(0);
    await caseRow(page, /Scanner hitting the VPN/).click();
    await expect(page.getByRole('region', { name: 'Scanner hitting the VPN' })).toBeVisible();
  } finally {
    await restarted.stop();
  }
});

test('“Use another folder…” opens or creates a vault elsewhere, e.g. on a USB stick', async ({ page, host, shot }, testInfo) => {
  const stick = testInfo.outputPath('usb-stick', 'outpost');
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByRole('button', { name: 'Use another folder…' }).click();
  const form = page.getByRole('form', { name: 'Use another folder' });
  const folder = form.getByLabel('Vault folder (full path)');
  await expect(folder).toBeFocused();
  await folder.fill('relative/folder');
  await form.getByRole('button', { name: 'Open folder' }).click();
  await expect(form.getByText('Give the full path of the folder, not relative/folder')).toBeVisible();
  await shot('44-use-another-folder');

  await folder.fill(stick);
  await folder.press('Enter');
  await expect(form).toHaveCount(0);
  await expect(page.getByTitle('Vault folder')).toHaveText(stick);
  await page.getByLabel('Your name').fill('Ana Field');
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByText('No cases yet.')).toBeVisible();
  await expect(page.getByRole('banner').getByTitle('Vault folder')).toHaveText(stick);
  expect(existsSync(path.join(stick, 'vault.json'))).toBe(true);

  // Escape closes the folder form without changing anything.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Use another folder…' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('form', { name: 'Use another folder' })).toHaveCount(0);
  await expect(page.getByTitle('Vault folder')).toHaveText(stick);
  await shot('45-unlock-other-folder');
});

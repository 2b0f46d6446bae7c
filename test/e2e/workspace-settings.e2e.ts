import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, startHostProcess, test } from './host-fixture';
import { caseRow, createVault, passphrase, unlock } from './workspace-support';

const newPassphrase = 'a new and longer passphrase';

test('settings show this device and change the name, the idle lock and the passphrase', async ({ page, host, shot }) => {
  await createVault(page, host);

  await page.getByRole('button', { name: 'Settings' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();

  // The fingerprint is the device id's first 32 hex digits in groups of four.
  const deviceId = (await dialog.getByTestId('device-id').textContent()) ?? '';
  expect(deviceId).toMatch(/^[0-9a-f]{64}$/);
  const fingerprint = deviceId.slice(0, 32).match(/.{4}/g)?.join(' ') ?? '';
  await expect(dialog.locator('#device-fingerprint')).toHaveText(fingerprint);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await dialog.getByRole('button', { name: 'Copy the device fingerprint' }).click();
  await expect(dialog.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fingerprint);
  await expect(dialog.getByText('Vault id')).toBeVisible();
  await shot('32-settings-dialog');

  // Name and idle minutes: the same rules as the core.
  await dialog.getByLabel('Idle lock (minutes)').fill('0');
  await dialog.getByLabel('Your name').fill('   ');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByText('Enter your name')).toBeVisible();
  await expect(dialog.getByText('At least 1 minute')).toBeVisible();
  await shot('33-settings-errors');
  await dialog.getByLabel('Your name').fill('Dana Responder');
  await dialog.getByLabel('Idle lock (minutes)').fill('30');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByText('Saved.')).toBeVisible();

  // Change the passphrase: wrong current one, mismatch, then success.
  await dialog.getByLabel('Current passphrase').fill('not the passphrase');
  await dialog.getByLabel('New passphrase', { exact: true }).fill('short');
  await dialog.getByLabel('Repeat new passphrase').fill('short');
  await dialog.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(dialog.getByText('A passphrase needs at least 10 characters')).toBeVisible();
  await dialog.getByLabel('New passphrase', { exact: true }).fill(newPassphrase);
  await dialog.getByLabel('Repeat new passphrase').fill(`${newPassphrase}!`);
  await dialog.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(dialog.getByText('The two new passphrases differ')).toBeVisible();
  await dialog.getByLabel('Repeat new passphrase').fill(newPassphrase);
  await dialog.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(dialog.getByText('That is not the current passphrase')).toBeVisible();
  await dialog.getByLabel('Current passphrase').fill(passphrase);
  await dialog.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(dialog.getByText('Passphrase changed. Use the new one the next time you unlock.')).toBeVisible();
  await shot('34-settings-passphrase-changed');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The new name is what the case records.
  await page.getByRole('button', { name: 'New case' }).click();
  await page.getByRole('dialog', { name: 'New case' }).getByLabel('Title').fill('Phishing wave');
  await page.getByRole('dialog', { name: 'New case' }).getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('region', { name: 'Phishing wave' })).toContainText('by Dana Responder');

  // Lock; the old passphrase no longer opens the vault, the new one does.
  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, passphrase);
  await expect(page.getByRole('alert')).toHaveText('That passphrase does not unlock this vault');
  await unlock(page, newPassphrase);
  await expect(caseRow(page, /Phishing wave/)).toBeVisible();

  // Settings were kept.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Your name')).toHaveValue('Dana Responder');
  await expect(dialog.getByLabel('Idle lock (minutes)')).toHaveValue('30');

  // Replace the data key: a wrong passphrase is refused, then the confirmed run re-encrypts the vault.
  const replace = dialog.getByRole('form', { name: 'Replace the data key' });
  await replace.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await replace.getByRole('button', { name: 'Replace the data key' }).click();
  await replace.getByRole('button', { name: 'Yes, replace the data key' }).click();
  await expect(replace.getByText('That is not the passphrase of this vault')).toBeVisible();
  await replace.getByLabel('Passphrase', { exact: true }).fill(newPassphrase);
  await replace.getByRole('button', { name: 'Replace the data key' }).click();
  await expect(replace.getByRole('alertdialog')).toContainText('Re-encrypt the whole vault now?');
  await replace.getByRole('button', { name: 'Yes, replace the data key' }).click();
  await expect(replace.getByRole('status')).toContainText('Data key replaced');
  await shot('35-settings-data-key-replaced');
  await dialog.getByRole('button', { name: 'Close settings' }).click();
  await expect(dialog).toBeHidden();

  // Same passphrase, same content, under the new key.
  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, newPassphrase);
  await expect(caseRow(page, /Phishing wave/)).toBeVisible();
});

test('a damaged settings file is kept aside and said on the first screen', async ({ page, vaultDir, shot }) => {
  const configDir = path.join(path.dirname(vaultDir), 'config');
  await mkdir(configDir, { recursive: true });
  await writeFile(path.join(configDir, 'settings.json'), '{"vaultDir": "/media/usb/vau');
  const host = await startHostProcess(vaultDir);
  try {
    await page.goto(host.url);
    const notices = page.getByRole('status', { name: 'Notices' });
    await expect(notices).toContainText('was damaged (it is not JSON)');
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
    await shot('34-damaged-settings');
    const kept = (await readdir(configDir)).filter((name) => name.startsWith('settings.damaged-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(configDir, kept[0] ?? ''), 'utf8')).toBe('{"vaultDir": "/media/usb/vau');
    await notices.getByRole('button', { name: 'Dismiss notices' }).click();
    await expect(notices).toBeHidden();
  } finally {
    await host.stop();
  }
});

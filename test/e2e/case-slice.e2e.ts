import { expect, startHostProcess, test } from './host-fixture';

const passphrase = 'correct horse battery staple';

test('creates a vault and a case, and finds the case again after the host restarts', async ({ page, host, vaultDir, shot }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await expect(page.getByText('There is no way to recover a forgotten passphrase')).toBeVisible();
  // The token leaves the address bar once read.
  await expect(page).toHaveURL(`${host.origin}/`);
  await shot('01-create-vault');

  // The name that signs every entry is asked for, not taken from the computer's login.
  await expect(page.getByLabel('Your name')).toBeFocused();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter your name');
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Passphrase', { exact: true })).not.toHaveAttribute('aria-invalid');
  await page.getByLabel('Your name').fill('Ana Field');
  await page.getByLabel('Your role').fill('Incident handler');
  await shot('01a-create-vault-name');
  await page.getByRole('button', { name: 'Create vault' }).click();

  await expect(page.getByText('No cases yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Signed in as Ana Field · Incident handler/ })).toBeVisible();
  await shot('02-empty-case-list');

  await page.getByRole('button', { name: 'New case' }).click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByLabel('Title').fill('Ransom note on the finance file server');
  await dialog.getByLabel('Category').selectOption({ label: 'Malicious code' });
  await dialog.getByLabel('Priority').selectOption({ label: 'High' });
  await dialog.getByLabel('Site').fill('Lyon office');
  await shot('03-new-case-dialog');
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(dialog).toBeHidden();

  const detail = page.getByRole('region', { name: 'Ransom note on the finance file server' });
  await expect(detail.getByRole('heading')).toHaveText('Ransom note on the finance file server');
  await expect(detail).toContainText('Malicious code');
  await expect(detail).toContainText('Lyon office');
  await expect(detail).toContainText('by Ana Field');
  await shot('04-case-detail');

  await host.stop();
  const restarted = await startHostProcess(vaultDir);
  try {
    await page.goto(restarted.url);
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await page.getByLabel('Passphrase').fill('wrong passphrase here');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toHaveText('That passphrase does not unlock this vault');
    await shot('05-wrong-passphrase');

    await page.getByLabel('Passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const row = page.getByRole('navigation', { name: 'Cases' }).getByRole('button', { name: /Ransom note on the finance file server/ });
    await expect(row).toBeVisible();
    await row.click();
    await expect(page.getByRole('region', { name: 'Ransom note on the finance file server' })).toContainText('High');
    await shot('06-after-restart');
  } finally {
    await restarted.stop();
  }
});

test('the new-case form explains what is missing and creates nothing', async ({ page, host, shot }) => {
  await page.goto(host.url);
  await page.getByLabel('Your name').fill('Ana Field');
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByText('No cases yet.')).toBeVisible();

  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect(dialog.getByText('Title is required')).toBeVisible();
  await shot('07-new-case-errors');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('No cases yet.')).toBeVisible();
});

test('a page without the access token cannot reach the API', async ({ page, host }) => {
  await page.goto(host.origin + '/');
  await expect(page.getByRole('heading', { name: 'Outpost cannot reach its vault' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Missing or wrong access token');
});

import { expect, test } from './host-fixture';
import { apiClient, createVault } from './workspace-support';

test('the coordinator sends a team alert from the Sync screen and a playbook version from the library', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);
  await call('keys.coordinatorInit', {});
  const copy = await call('playbook.copy', { id: 'builtin.phishing', title: 'Phishing (harbour)' });
  await page.reload();

  await page.getByRole('banner').locator('.sync-indicator').click();
  const dialog = page.getByRole('dialog', { name: 'Sync' });
  const alerts = dialog.getByRole('region', { name: 'Team alerts' });
  await expect(alerts).toContainText('No alert sent yet.');
  await alerts.getByRole('button', { name: 'Send to the team' }).click();
  await expect(alerts.getByRole('alert')).toHaveText('Enter a title');
  expect((await call('alert.list', {})).alerts).toEqual([]);
  await alerts.getByLabel('Alert title').fill('Do not pay the invoice from harbour-billing');
  await alerts.getByLabel('Severity').selectOption('critical');
  await alerts.getByLabel('Message').fill('It is the phishing lure. Forward any copy to the CSIRT.');
  await alerts.getByRole('button', { name: 'Send to the team' }).click();
  await expect(alerts.getByRole('listitem')).toContainText('Not acknowledged yet.');
  await expect(alerts.getByLabel('Alert title')).toHaveValue('');
  expect((await call('alert.list', {})).alerts).toMatchObject([{ severity: 'critical', title: 'Do not pay the invoice from harbour-billing' }]);
  await alerts.scrollIntoViewIfNeeded();
  await shot('115-coordinator-alerts');
  await dialog.getByRole('button', { name: 'Close sync' }).click();

  await page.getByRole('button', { name: 'Playbooks' }).click();
  const screen = page.getByRole('dialog', { name: 'Playbooks' });
  await screen.getByRole('button', { name: /^Phishing \(harbour\)/ }).click();
  await screen.getByRole('button', { name: 'Send to the team' }).click();
  await expect(screen.getByRole('status')).toContainText('Version 1 of “Phishing (harbour)” goes to the team with the next sync.');
  await shot('116-playbook-sent-to-team');
  expect(copy.summary.origin).toBe('local');
});

import { expect, startHostProcess, test } from './host-fixture';
import { apiClient, caseRow, createVault, passphrase } from './workspace-support';

test('a second program on the same vault is told who holds it, and can open it read-only', async ({ page, host, vaultDir, shot, context }) => {
  await createVault(page, host);
  await apiClient(host)('case.create', { title: 'Open in the first window', category: 'other', priority: 'low' });

  const second = await startHostProcess(vaultDir);
  try {
    const other = await context.newPage();
    await other.setViewportSize({ width: 1400, height: 900 });
    await other.goto(second.url);
    await expect(other.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    const held = other.getByRole('status').filter({ hasText: 'This vault is open in' });
    await expect(held).toContainText(/the Outpost browser host \(process \d+ on .+, since/);
    await other.getByLabel('Passphrase').fill(passphrase);
    await other.getByRole('button', { name: 'Unlock', exact: true }).click();
    // The busy notice says it; no second copy of it as an error.
    await expect(held).toHaveCount(1);
    await expect(other.getByRole('alert')).toHaveCount(0);
    await shot('05a-vault-busy');
    await other.screenshot({ path: test.info().outputPath('busy.png'), fullPage: true });

    await other.getByRole('button', { name: 'Open read-only' }).click();
    await expect(other.getByRole('status', { name: 'Read-only' })).toContainText('Nothing can be changed here');
    await expect(caseRow(other, /Open in the first window/)).toHaveCount(1);
    await expect(other.getByRole('button', { name: 'New case' })).toBeDisabled();
    await other.screenshot({ path: test.info().outputPath('read-only.png'), fullPage: true });
    // A change from the read-only window is refused; the first window still writes.
    await expect(apiClient(second)('case.create', { title: 'Refused', category: 'other', priority: 'low' })).rejects.toThrow(/vault_read_only/);
    await apiClient(host)('note.add', { caseId: (await apiClient(host)('case.list', {}))[0]?.id ?? '', text: 'still writable here' });
  } finally {
    await second.stop();
  }
});

import { expect, test } from './host-fixture';
import { apiClient, caseRow, createVault } from './workspace-support';

const EVENTS = 300;

test('the history list is virtualized and fetches older pages as they scroll into view', async ({ page, host, shot }) => {
  const call = apiClient(host);
  // The CSP allows no inline styles: a violation (or any other error) shows up in the console.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  await createVault(page, host);

  const opened = await call('case.create', { title: 'Credential stuffing on the webmail', category: 'intrusion-attempts', priority: 'medium' });
  for (let n = 1; n < EVENTS; n++) await call('note.add', { caseId: opened.id, text: `Blocked source address batch ${n}` });

  await page.reload();
  await caseRow(page, /Credential stuffing on the webmail/).click();
  const workspace = page.getByRole('region', { name: 'Credential stuffing on the webmail' });
  await workspace.getByRole('tab', { name: /History/ }).click();
  await expect(workspace.getByText(`${EVENTS} events`, { exact: true })).toBeVisible();

  const rows = workspace.locator('.history-row');
  await expect(rows.first()).toContainText(`Added a note: “Blocked source address batch ${EVENTS - 1}”`);
  const inDom = await rows.count();
  expect(inDom).toBeGreaterThan(5);
  expect(inDom).toBeLessThan(60);
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(EVENTS));
  await shot('37-history-virtualized');

  // Keyboard: the list is a tab stop, and End scrolls to the oldest event (the second page, fetched on demand).
  const scroller = workspace.getByLabel('Case history, newest first');
  await scroller.focus();
  await page.keyboard.press('End');
  const oldest = workspace.locator('.history-row[aria-posinset="300"]');
  await expect(oldest).toContainText('Opened the case “Credential stuffing on the webmail”');
  expect(await rows.count()).toBeLessThan(60);
  await expect(workspace.getByText(/Blocked source address batch 299”/)).toHaveCount(0);
  await shot('38-history-oldest');

  // Half way: rows from the middle of the first page.
  await scroller.evaluate((element) => {
    element.scrollTop = element.scrollHeight / 2;
  });
  await expect(workspace.locator('.history-row[aria-posinset="150"]')).toContainText('Blocked source address batch 150');
  expect(consoleErrors).toEqual([]);
});

/**
 * Exhibit numbers and printing in the evidence log, browser mode: items are
 * numbered E-001, E-002, … in the order they were registered, shown beside
 * their ids in the list and the detail; "Print custody form…" opens the print
 * dialog on the form (window.print is stubbed in every frame, so the test
 * sees the call and the printed document instead of a dialog); the attach
 * form says why the browser mode asks for a typed path.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './host-fixture';
import { apiClient, caseRow, createVault } from './workspace-support';

/** Replaces window.print in every frame: it marks the document it was called on, for the test to read. */
async function stubPrint(page: Page) {
  await page.addInitScript(() => {
    window.print = () => {
      document.documentElement.dataset['printed'] = String(Number(document.documentElement.dataset['printed'] ?? '0') + 1);
    };
  });
}

test('items carry exhibit numbers in registration order, and the custody form prints from the app with them and every custody entry', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await stubPrint(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await createVault(page, host);
  const { id: caseId } = await call('case.create', { title: 'Ransom note on the finance file server', category: 'malicious-code', priority: 'high', site: 'Lyon office' });
  const laptop = await call('evidence.register', { caseId, description: 'Laptop of the finance clerk', type: 'physical-item', source: 'FIN-LT07', collectedBy: 'Ann Responder', collectedAt: '2026-01-23T09:00:00+01:00' });
  const stick = await call('evidence.register', { caseId, description: 'USB stick found in the laptop', type: 'physical-item', source: 'FIN-LT07, left port', collectedBy: 'Ann Responder', collectedAt: '2026-01-23T09:05:00+01:00', method: 'Bagged, bag 0043' });
  await call('custody.transfer', { caseId, itemId: stick.id, from: 'Ann Responder', to: 'Bob Courier', at: '2026-01-23T11:00:00+01:00', place: 'Lyon office, reception', purpose: 'Transport to the lab', condition: 'Sealed in bag 0043' });
  await call('custody.transfer', { caseId, itemId: stick.id, from: 'Bob Courier', to: 'Lab evidence locker 3', at: '2026-01-23T15:40:00+01:00', place: 'Forensics lab, Paris', purpose: 'Storage', condition: 'Seal 0043 intact' });
  await page.reload();
  await caseRow(page, /Ransom note/).click();
  await page.getByRole('tab', { name: 'Evidence' }).click();

  // The list: the number beside the item id, in registration order.
  const list = page.getByRole('list', { name: 'Evidence items' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').nth(0)).toContainText('E-001');
  await expect(list.getByRole('listitem').nth(0)).toContainText('Laptop of the finance clerk');
  await expect(list.getByRole('listitem').nth(0)).toContainText(laptop.id.slice(0, 8));
  await expect(list.getByRole('listitem').nth(1)).toContainText('E-002');
  await expect(list.getByRole('listitem').nth(1)).toContainText(stick.id.slice(0, 8));

  // The detail: the number as on the bag label, beside the item id.
  await list.getByRole('button', { name: /USB stick/ }).click();
  const detail = page.getByRole('article', { name: /USB stick/ });
  await expect(detail.getByLabel('Exhibit E-002')).toBeVisible();
  await expect(detail.getByText(`Item ${stick.id.slice(0, 8)}`)).toBeVisible();

  // Browser mode: a typed path, and a line that says why; no file dialog is offered.
  const attach = detail.getByRole('form', { name: 'Attach a file' });
  await expect(attach.getByLabel(/Attach file/)).toHaveAccessibleDescription('In the browser version, type the full path of the file on this computer; the desktop app opens the system file dialog.');
  await expect(detail.getByRole('button', { name: 'Choose file…' })).toHaveCount(0);
  await shot('82a-evidence-exhibits-1400');
  await page.setViewportSize({ width: 1024, height: 700 });
  // At 1024 px the totals stay on one or two lines, not one per count.
  const totals = await page.getByLabel('Totals').boundingBox();
  expect(totals?.height ?? 999).toBeLessThan(60);
  await shot('82b-evidence-exhibits-1024');
  await page.setViewportSize({ width: 1400, height: 900 });

  // Print the item's form: the print dialog is asked for on a document that holds the exhibit number and every custody entry, styled.
  await detail.getByRole('group', { name: 'Custody form' }).getByRole('button', { name: 'Print custody form…' }).click();
  const printed = page.frameLocator('iframe.print-frame');
  await expect(printed.locator('html')).toHaveAttribute('data-printed', '1');
  await expect(printed.getByRole('heading', { level: 2 })).toHaveText(`E-002 Item ${stick.id.slice(0, 8)} — USB stick found in the laptop`);
  await expect(printed.getByRole('row', { name: /Exhibit number/ })).toContainText('E-002');
  const custodyRows = printed.locator('h3:text-is("Chain of custody") + table tbody tr');
  await expect(custodyRows).toHaveCount(3);
  await expect(custodyRows.nth(0)).toContainText('Collected');
  await expect(custodyRows.nth(1)).toContainText('Bob Courier');
  await expect(custodyRows.nth(1)).toContainText('Sealed in bag 0043');
  await expect(custodyRows.nth(2)).toContainText('Lab evidence locker 3');
  // The form's own style applies inside the app's strict policy (h1 at 18pt).
  await expect(printed.getByRole('heading', { level: 1 })).toHaveCSS('font-size', '24px');
  await expect(detail.getByRole('alert')).toHaveCount(0);

  // The case's form: every item with its number.
  await page.getByRole('group', { name: 'Case custody form' }).getByRole('button', { name: 'Print case custody form…' }).click();
  await expect(page.locator('iframe.print-frame')).toHaveCount(1);
  const caseForm = page.frameLocator('iframe.print-frame');
  await expect(caseForm.locator('html')).toHaveAttribute('data-printed', '1');
  const summary = caseForm.getByRole('table').first();
  await expect(summary.getByRole('row').nth(1)).toContainText(`E-001${laptop.id.slice(0, 8)}Laptop of the finance clerk`);
  await expect(summary.getByRole('row').nth(2)).toContainText(`E-002${stick.id.slice(0, 8)}USB stick`);

  // How the item's form looks as printed (the same document, with its own style policy).
  const { html } = await call('evidence.form', { caseId, itemId: stick.id });
  const form = await page.context().newPage();
  await form.emulateMedia({ media: 'print' });
  for (const [width, height] of [
    [1400, 900],
    [1024, 700],
  ] as const) {
    await form.setViewportSize({ width, height });
    await form.setContent(html);
    await form.screenshot({ path: path.join(screenshotDir, `82c-custody-form-printed-${width}.png`), fullPage: true });
  }
  await form.close();
});

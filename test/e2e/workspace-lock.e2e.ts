import { expect, test } from './host-fixture';
import { apiClient, caseRow, createVault, unlock } from './workspace-support';

test('Lock returns to the unlock screen and leaves no case data on the page', async ({ page, host }) => {
  await createVault(page, host);
  await page.getByRole('button', { name: 'New case' }).click();
  await page.getByRole('dialog', { name: 'New case' }).getByLabel('Title').fill('Stolen laptop in Geneva');
  await page.getByRole('dialog', { name: 'New case' }).getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('region', { name: 'Stolen laptop in Geneva' })).toBeVisible();

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByText('Stolen laptop in Geneva')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Cases' })).toHaveCount(0);

  await unlock(page);
  await expect(caseRow(page, /Stolen laptop in Geneva/)).toBeVisible();
  // Nothing is selected after unlocking: the previous view was cleared, not hidden.
  await expect(page.getByText('Select a case to see it')).toBeVisible();
});

test('a vault locked behind the page’s back sends any action to the unlock screen', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);
  await page.getByRole('button', { name: 'New case' }).click();
  await page.getByRole('dialog', { name: 'New case' }).getByLabel('Title').fill('Defaced intranet page');
  await page.getByRole('dialog', { name: 'New case' }).getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('region', { name: 'Defaced intranet page' })).toBeVisible();

  await call('vault.lock', {});
  await page.getByRole('tab', { name: /Notes/ }).click();
  await page.getByLabel('New note').fill('This will not be saved');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('The vault is locked');
  await expect(page.getByText('Defaced intranet page')).toHaveCount(0);
  await shot('35-locked-elsewhere');
});

test('the status poll notices an idle lock and says why', async ({ page, host, shot }) => {
  const call = apiClient(host);
  const polls: unknown[] = [];
  // Calls the page made whose answers have not come back yet: runFor fires a burst of polls at once,
  // and one answered after the lock below would see it with a quiet time measured before it.
  let pending = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/api/vault.status')) polls.push(request.postDataJSON());
    if (request.url().includes('/api/')) pending += 1;
  });
  const settled = (request: { url: () => string }) => {
    if (request.url().includes('/api/')) pending -= 1;
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  await page.clock.install();
  await createVault(page, host);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Idle lock (minutes)').fill('1');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.keyboard.press('Escape');

  // The core's idle timer runs on real time: here the page's clock is moved
  // past the idle minute with no input (polls keep saying "unlocked"), then
  // the lock the core would have made is made directly; the next poll sees it.
  await page.clock.runFor(70_000);
  await expect(page.getByRole('navigation', { name: 'Cases' })).toBeVisible();
  // Input since the last poll is reported once (the key presses above); then the polls are passive.
  // Requests are recorded asynchronously: wait for the last poll to be seen.
  await expect.poll(() => polls.slice(-3)).toEqual([{ active: true }, {}, {}]);
  // The last call that counted is the poll that reported the key presses (at 20 s): the core's idle
  // timer would lock a minute after it. The header's sync poll (every 3 s) may be the one that finds out.
  await page.clock.runFor(15_000);
  await expect.poll(() => pending).toBe(0);
  await call('vault.lock', {});
  await page.clock.runFor(20_000);
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Locked after 1 minute without activity');
  await shot('36-idle-locked');
});

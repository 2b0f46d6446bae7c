import { mkdir, rename } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { SyncJobView } from '../../shared/api/sync-schemas';
import { davServerMissing, startDavServer } from '../support/dav-servers';
import { networkSwitch } from '../support/network-switch';
import { expect, startHostProcess, test } from './host-fixture';
import { apiClient, caseRow, createVault, devicePool, type ApiClient } from './workspace-support';

const missing = davServerMissing('apache');

const indicator = (page: Page) => page.getByRole('banner').locator('.sync-indicator');

/** Starts a sync run through the API and waits for it to end; answers the job's last view. */
async function syncNow(call: ApiClient): Promise<SyncJobView> {
  let view = await call('sync.run', {});
  while (view.state === 'running') view = (await call('job.wait', { jobId: view.jobId, timeoutMs: 5000 })) as unknown as SyncJobView;
  return view;
}

/**
 * Ana and Ben work on site, each in the app (browser mode); their
 * coordinator works elsewhere. Ana has a USB drive she shares with Ben; Ben
 * and the coordinator have the team's WebDAV server (a real Apache), reached
 * through a link the test can cut. Ana's work reaches the coordinator
 * through Ben, who syncs with both.
 */
test('two responders and their coordinator converge through a folder and a WebDAV server after all three worked offline', async ({ page: anaPage, host: anaHost, browser, shot }, testInfo) => {
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(240_000);
  const dav = await startDavServer('apache');
  const link = await networkSwitch(Number(new URL(dav.url).port));
  const davUrl = `http://127.0.0.1:${link.port}/dav/`;
  const devices = devicePool((name) => testInfo.outputPath(name, 'vault'));
  const benHost = await startHostProcess(testInfo.outputPath('ben', 'vault'));
  const benPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    const coordinator = await devices.start('coordinator');
    await createVault(anaPage, anaHost);
    await createVault(benPage, benHost);
    const ana = apiClient(anaHost);
    const ben = apiClient(benHost);
    await expect(indicator(anaPage)).toHaveText('Sync: not set up');

    // The team: the coordinator enrols both, and each takes the team profile with the roster.
    await coordinator('keys.coordinatorInit', {});
    for (const [call, name] of [
      [ana, 'Ana'],
      [ben, 'Ben'],
    ] as const) {
      const request = testInfo.outputPath(`join-${name}.json`);
      await call('team.joinRequest', { path: request, name });
      await coordinator('team.approve', { path: request });
    }
    const profile = testInfo.outputPath('team.json');
    await coordinator('team.exportProfile', { path: profile, name: 'Harbour CSIRT' });
    await ana('team.importProfile', { path: profile });
    await ben('team.importProfile', { path: profile });
    // Sync only when asked or when a target answers again, so each stage below is the test's doing.
    for (const call of [ana, ben, coordinator]) await call('settings.update', { syncEveryMinutes: 0 });

    // Ana adds the USB drive in the Sync screen; it is tested at once.
    const usb = testInfo.outputPath('usb');
    await mkdir(usb);
    await indicator(anaPage).click();
    const dialog = anaPage.getByRole('dialog', { name: 'Sync' });
    await expect(dialog.getByText('No target yet.')).toBeVisible();
    await dialog.getByLabel('Name').fill('usb');
    await dialog.getByLabel('Folder path').fill(usb);
    await dialog.getByRole('button', { name: 'Add target' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Added usb' })).toContainText('Test passed');
    await expect(dialog.getByRole('listitem', { name: 'Target usb' })).toContainText('Never synced');
    await shot('110-sync-target-added');
    await dialog.getByRole('button', { name: 'Close sync' }).click();

    await ben('sync.add', { name: 'usb', kind: 'folder', path: usb });
    await ben('sync.add', { name: 'harbour-dav', kind: 'webdav', url: davUrl, user: dav.user, password: dav.password });
    await coordinator('sync.add', { name: 'harbour-dav', kind: 'webdav', url: davUrl, user: dav.user, password: dav.password });

    // The coordinator opens the case with the phishing playbook; it reaches Ben over WebDAV, and Ana through Ben's USB drive.
    const opened = await coordinator('case.create', { title: 'Phishing at the harbour office', category: 'fraud', priority: 'high' });
    const caseId = opened.id;
    const attached = await coordinator('checklist.attach', { caseId, playbookId: 'builtin.phishing' });
    const runId = attached.runs[0]?.runId ?? '';
    expect((await syncNow(coordinator)).result?.runs).toMatchObject([{ ok: true, sealed: 1 }]);
    expect((await syncNow(ben)).result?.runs.map((r) => r.ok)).toEqual([true, true]);
    await expect(caseRow(benPage, /Phishing at the harbour office/)).toHaveCount(1);

    await indicator(anaPage).click();
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    await expect(dialog.getByRole('listitem', { name: 'Target usb' })).toContainText(/Last synced just now: \d+ new event\(s\) in \d+ segment\(s\)/);
    await dialog.getByRole('button', { name: 'Close sync' }).click();
    await expect(indicator(anaPage)).toHaveText('Synced just now');
    await expect(caseRow(anaPage, /Phishing at the harbour office/)).toHaveCount(1);

    // Offline: the drive is unplugged and the WebDAV link is down. All three work on.
    await link.cut();
    await rename(usb, `${usb}-unplugged`);
    await ana('checklist.setStep', { caseId, runId, stepId: 'phish-get-message', status: 'done', note: 'Ana: the user forwarded the .eml' });
    await ana('note.add', { caseId, text: 'Ana: 14 mailboxes received it' });
    await ben('checklist.setStep', { caseId, runId, stepId: 'phish-get-message', status: 'done', note: 'Ben: pulled the .eml from the gateway' });
    await coordinator('note.add', { caseId, text: 'Coordinator: the port authority CERT is informed' });
    await indicator(anaPage).click();
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    const anaUsb = dialog.getByRole('listitem', { name: 'Target usb' });
    await expect(anaUsb).toContainText('Offline');
    await expect(anaUsb).toContainText('Could not be reached');
    await dialog.getByRole('button', { name: 'Close sync' }).click();
    await expect(indicator(anaPage)).toHaveText('Offline — 2 changes waiting');
    await expect(indicator(anaPage)).toHaveAttribute('data-state', 'offline');
    expect((await syncNow(ben)).result?.runs.map((r) => r.error?.kind)).toEqual(['unreachable', 'unreachable']);
    expect((await syncNow(coordinator)).result?.runs.map((r) => r.error?.kind)).toEqual(['unreachable']);
    await expect(indicator(benPage)).toHaveText('Offline — 1 change waiting');
    await shot('111-sync-offline');

    // Back: nobody presses anything; each app probes its targets and syncs on its own.
    await rename(`${usb}-unplugged`, usb);
    await link.restore();
    await expect(indicator(anaPage)).toHaveText('Synced just now', { timeout: 60_000 });
    await expect(indicator(benPage)).toHaveText('Synced just now', { timeout: 60_000 });
    // Until everything went round (Ana's work reaches the coordinator through Ben): a few more rounds.
    for (let round = 0; round < 3; round++) for (const call of [coordinator, ben, ana]) await syncNow(call);

    const notes = async (call: ApiClient) => (await call('case.get', { id: caseId })).notes.map((n) => n.text).sort();
    const everyNote = ['Ana: 14 mailboxes received it', 'Coordinator: the port authority CERT is informed'];
    for (const call of [ana, ben, coordinator]) {
      expect(await notes(call)).toEqual(everyNote);
      const checklist = await call('checklist.get', { caseId });
      expect(checklist.runs[0]?.conflicts).toMatchObject([{ stepId: 'phish-get-message', kind: 'step' }]);
    }
    await expect(indicator(anaPage)).toHaveText('Synced just now');
    await expect(indicator(anaPage)).toHaveAttribute('data-state', 'online');

    // Ana sees both "done" writes side by side, to settle.
    await anaPage.reload();
    await caseRow(anaPage, /Phishing at the harbour office/).click();
    await anaPage.getByRole('tab', { name: 'Checklist' }).click();
    await expect(anaPage.getByText('1 changed on two devices')).toBeVisible();
    await expect(anaPage.locator('[data-conflict]').first()).toContainText(/Ben: pulled the .eml from the gateway|Ana: the user forwarded the .eml/);
    await shot('112-sync-checklist-conflict');

    // The coordinator alerts the team; the banner stays on Ana's screen until she acknowledges it, and her acknowledgement goes back.
    await coordinator('alert.publish', { severity: 'critical', title: 'Do not pay the invoice from harbour-billing', text: 'It is the phishing lure. Forward any copy to the CSIRT.' });
    for (const call of [coordinator, ben, ana]) await syncNow(call);
    const banner = anaPage.getByRole('alert', { name: /Team alert: Do not pay the invoice/ });
    await expect(banner).toContainText('Forward any copy to the CSIRT');
    await shot('114-sync-team-alert');
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(banner).toHaveCount(0);
    for (const call of [ana, ben, coordinator]) await syncNow(call);
    expect((await coordinator('alert.list', {})).alerts[0]?.acks.map((a) => a.name)).toEqual(['Ana']);

    await indicator(anaPage).click();
    const runs = dialog.getByRole('table');
    await expect(runs.getByRole('row').filter({ hasText: 'Reconnected' }).first()).toContainText('Done');
    await expect(runs.getByRole('row').filter({ hasText: 'Unreachable' })).not.toHaveCount(0);
    await shot('113-sync-screen');
  } finally {
    await benPage.close();
    await benHost.stop();
    await devices.stopAll();
    await link.close();
    await dav.stop();
  }
});

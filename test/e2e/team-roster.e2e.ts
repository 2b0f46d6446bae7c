import { expect, test } from './host-fixture';
import { apiClient, caseRow, createVault, devicePool, finishJob } from './workspace-support';

test('a coordinator enrols a responder by fingerprint, applies its bundle, and holds one from an unknown device', async ({ page, host, shot }, testInfo) => {
  test.setTimeout(120_000);
  const devices = devicePool((name) => testInfo.outputPath(name, 'vault'));
  const start = devices.start;
  try {
    const [responder, stranger] = await Promise.all([start('responder'), start('stranger')]);
    const file = (name: string) => testInfo.outputPath(name);

    // The coordinator's vault is the one in the browser: it makes its key and the team profile.
    await createVault(page, host);
    await page.getByRole('button', { name: 'Bundles' }).click();
    const dialog = page.getByRole('dialog', { name: 'Case bundles' });
    await dialog.getByRole('button', { name: 'Make this vault a coordinator' }).click();
    await dialog.getByLabel('Team name').fill('North CSIRT');
    await dialog.getByLabel('Save the team profile to').fill(file('team.json'));
    await dialog.getByRole('button', { name: 'Export team profile' }).click();
    await expect(dialog.getByRole('status')).toContainText('team.json');

    // The responder takes the profile and asks to join (every member has the profile, the stranger too).
    await responder('team.importProfile', { path: file('team.json') });
    await stranger('team.importProfile', { path: file('team.json') });
    const request = await responder('team.joinRequest', { path: file('join-request.json'), name: 'Ana Field', role: 'responder', site: 'Lyon' });

    // The coordinator reads the request and compares the words Ana reads over the phone.
    await dialog.getByRole('tab', { name: 'Roster' }).click();
    const roster = dialog.getByTestId('roster');
    await expect(roster).toContainText('version 1');
    await dialog.getByLabel('Join request file').fill(file('join-request.json'));
    await dialog.getByRole('button', { name: 'Read request' }).click();
    const shown = dialog.getByTestId('join-request');
    await expect(shown).toContainText('Ana Field');
    await expect(shown.getByTestId('device-fingerprint')).toHaveText(request.request.fingerprint);
    await expect(shown.getByTestId('fingerprint-words').getByRole('listitem')).toHaveText(request.request.words);
    await shot('96-team-join-request');
    await shown.getByRole('button', { name: 'It matches — enrol Ana Field' }).click();
    await expect(dialog.getByTestId('approved')).toContainText('Enrolled Ana Field (roster version 2)');
    await expect(roster).toContainText('Ana Field');
    await expect(roster).toContainText(request.request.fingerprint);
    await shot('97-team-roster');

    // Ana's bundle applies: her case appears, and the history names her as the roster does.
    const opened = await responder('case.create', { title: 'Phishing at the Lyon office', category: 'malicious-code', priority: 'high' });
    await responder('note.add', { caseId: opened.id, text: 'Two mailboxes forwarded to an outside address' });
    await finishJob(responder, await responder('bundle.export', { caseIds: [opened.id], path: file('ana.outpost') }));
    await dialog.getByRole('tab', { name: 'Import' }).click();
    await dialog.getByLabel('Bundle file').fill(file('ana.outpost'));
    await dialog.getByRole('button', { name: 'Inspect', exact: true }).click();
    await dialog.getByRole('button', { name: /^Import 1 case/ }).click();
    await expect(dialog.getByTestId('import-report')).toContainText('Phishing at the Lyon office');
    await expect(caseRow(page, /Phishing at the Lyon office/)).toHaveCount(1);

    // A device nobody enrolled sends work on the coordinator's own case: it waits, nothing is applied.
    const own = await apiClient(host)('case.create', { title: 'Coordinator case', category: 'other', priority: 'low' });
    const strangerKeys = await stranger('keys.show', {});
    const forged = await stranger('case.create', { title: 'Looks harmless', category: 'other', priority: 'low' });
    await stranger('note.add', { caseId: forged.id, text: 'please apply me' });
    await finishJob(stranger, await stranger('bundle.export', { caseIds: [forged.id], path: file('stranger.outpost') }));
    await page.reload();
    await page.getByRole('button', { name: 'Bundles' }).click();
    await dialog.getByRole('tab', { name: 'Import' }).click();
    await dialog.getByLabel('Bundle file').fill(file('stranger.outpost'));
    await dialog.getByRole('button', { name: 'Inspect', exact: true }).click();
    await dialog.getByRole('button', { name: /^Import 1 case/ }).click();
    const held = dialog.getByTestId('bundle-held');
    await expect(held).toContainText('Waiting for approval — nothing was applied');
    await expect(held).toContainText(strangerKeys.device.fingerprint);
    await expect(held).toContainText('Looks harmless');
    await shot('98-bundle-held');
    await expect(caseRow(page, /Looks harmless/)).toHaveCount(0);
    expect((await apiClient(host)('case.get', { id: own.id })).title).toBe('Coordinator case');

    // The Waiting tab lists it; refusing applies nothing and records the refusal.
    await held.getByRole('button', { name: 'Show bundles waiting' }).click();
    const waiting = dialog.getByTestId('held-bundles');
    await expect(waiting.getByRole('region', { name: /waiting for approval/ })).toHaveCount(1);
    await shot('99-bundles-waiting');
    await waiting.getByRole('button', { name: 'Refuse bundle' }).click();
    await expect(waiting.getByRole('status')).toContainText('Refused');
    await expect(waiting).toContainText('No bundle is waiting');
    await expect(waiting).toContainText('refused');
    expect((await apiClient(host)('bundle.held', {})).held).toMatchObject([{ status: 'refused' }]);
    await expect(caseRow(page, /Looks harmless/)).toHaveCount(0);
  } finally {
    await devices.stopAll();
  }
});

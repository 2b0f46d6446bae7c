import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, startHostProcess, test } from './host-fixture';
import { apiClient, caseRow, createVault, devicePool, finishJob, passphrase } from './workspace-support';

const execFileAsync = promisify(execFile);

async function importInUi(page: Page, file: string): Promise<void> {
  await page.getByLabel('Bundle file').fill(file);
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Bundle contents' })).toContainText('Manifest signed by the exporting device');
  await page.getByRole('button', { name: /^Import \d+ case/ }).click();
  await expect(page.getByTestId('import-report')).toBeVisible();
}

test('two responders send bundles of one case to a coordinator; either order gives the same case', async ({ page, host, shot }, testInfo) => {
  test.setTimeout(120_000);
  const devices = devicePool((name) => testInfo.outputPath(name, 'vault'));
  const start = devices.start;
  try {
    const [a, b, c2] = await Promise.all([start('responder-a'), start('responder-b'), start('coordinator-2')]);
    const file = (name: string) => testInfo.outputPath(name);

    // The coordinator makes its key and exports the team profile, in the UI.
    await createVault(page, host);
    await page.getByRole('button', { name: 'Bundles' }).click();
    const dialog = page.getByRole('dialog', { name: 'Case bundles' });
    await dialog.getByRole('button', { name: 'Make this vault a coordinator' }).click();
    await expect(dialog.getByTestId('coordinator-recipient')).toContainText('age1');
    await dialog.getByLabel('Team name').fill('North CSIRT');
    await dialog.getByLabel('Save the team profile to').fill(file('team.json'));
    await dialog.getByRole('button', { name: 'Export team profile' }).click();
    await expect(dialog.getByRole('status')).toContainText('team.json');
    await expect(dialog.getByTestId('team-coordinator')).toContainText("This vault is the team's coordinator");
    // The coordinator key can be backed up from here, as a standard age identity file.
    await dialog.getByLabel('Save the key to').fill(file('coordinator-key.txt'));
    await dialog.getByRole('button', { name: 'Back up key' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'coordinator-key.txt' })).toBeVisible();
    await shot('90-bundles-keys');

    const recipient1 = (await apiClient(host)('keys.show', {})).coordinator?.recipient ?? '';
    const recipient2 = (await c2('keys.coordinatorInit', {})).coordinator?.recipient ?? '';
    const recipients = [recipient1, recipient2];
    // Both responders are on both coordinators' rosters (each read their join request).
    for (const [name, responder] of [['a', a], ['b', b]] as const) {
      await responder('team.joinRequest', { path: file(`join-${name}.json`), name: `Responder ${name.toUpperCase()}` });
      await apiClient(host)('team.approve', { path: file(`join-${name}.json`) });
      await c2('team.approve', { path: file(`join-${name}.json`) });
    }

    // Responder A joins the team, opens a case and hands it to B with a passphrase.
    await a('team.importProfile', { path: file('team.json') });
    expect((await a('keys.show', {})).defaultRecipients).toEqual([recipient1]);
    const opened = await a('case.create', { title: 'Ransomware at the depot', category: 'malicious-code', priority: 'high' });
    const caseId = opened.id;
    await a('note.add', { caseId, text: 'Screens show a ransom note' });
    const attached = await a('checklist.attach', { caseId, playbookId: 'builtin.phishing' });
    await finishJob(a, await a('bundle.export', { caseIds: [caseId], path: file('start.outpost'), passphrase: 'pass the stick' }));
    await finishJob(b, await b('bundle.import', { path: file('start.outpost'), passphrase: 'pass the stick' }));

    // Offline, both change the priority and the same checklist step.
    const heads = (await a('case.get', { id: caseId })).fieldHeads.priority ?? [];
    const runId = attached.runs[0]?.runId ?? '';
    const stepId = attached.runs[0]?.items[0]?.stepId ?? '';
    await a('case.setField', { caseId, change: { field: 'priority', value: 'critical', supersedes: heads } });
    await b('case.setField', { caseId, change: { field: 'priority', value: 'low', supersedes: heads } });
    await a('checklist.setStep', { caseId, runId, stepId, status: 'done' });
    await b('checklist.setStep', { caseId, runId, stepId, status: 'skipped', reason: 'not applicable here' });
    await b('note.add', { caseId, text: 'B imaged the depot server' });
    await finishJob(a, await a('bundle.export', { caseIds: [caseId], path: file('a.outpost'), recipients }));
    await finishJob(b, await b('bundle.export', { caseIds: [caseId], path: file('b.outpost'), recipients }));
    // The backed-up key opens a bundle with Debian's age alone.
    await execFileAsync('age', ['-d', '-i', file('coordinator-key.txt'), '-o', file('a.tar'), file('a.outpost')]);
    expect((await readFile(file('a.tar'))).subarray(0, 13).toString()).toBe('MANIFEST.json');

    // Coordinator 1 imports A then B in the UI.
    await dialog.getByRole('tab', { name: 'Import' }).click();
    await importInUi(page, file('a.outpost'));
    await expect(dialog.getByTestId('import-report')).toContainText('Ransomware at the depot');
    await importInUi(page, file('b.outpost'));
    const report = dialog.getByTestId('import-report');
    await expect(report).toContainText('2 new conflicts');
    await expect(report).toContainText('priority');
    await expect(report).toContainText('Checklist step');
    await shot('91-bundles-import-report');
    await dialog.getByTestId('import-report').getByRole('table').scrollIntoViewIfNeeded();
    await shot('91b-bundles-import-conflicts');
    // The case list was refreshed, and counts what the report counted.
    await expect(caseRow(page, /Ransomware at the depot/)).toHaveCount(1);
    await expect(caseRow(page, /Ransomware at the depot/)).toContainText('2 conflicts to review');
    // B's bundle again (it came by mail as well): Inspect says it is in already, and Import is no longer the main button.
    await dialog.getByLabel('Bundle file').fill(file('b.outpost'));
    await dialog.getByRole('button', { name: 'Inspect', exact: true }).click();
    await expect(dialog.getByTestId('imported-before')).toContainText('This bundle was already imported here on');
    const again = dialog.getByRole('button', { name: 'Import again (checks it, changes nothing)' });
    await expect(again).not.toHaveClass(/primary/);
    await shot('91d-bundles-inspect-imported-before');
    await again.click();
    await expect(report).toBeVisible();
    await expect(report).toContainText('This bundle was already imported here on');
    await expect(report).toContainText('No new conflicts');
    await shot('91c-bundles-import-again');

    // Coordinator 2 imports B then A: the same case.
    await finishJob(c2, await c2('bundle.import', { path: file('b.outpost') }));
    await finishJob(c2, await c2('bundle.import', { path: file('a.outpost') }));
    const s1 = await apiClient(host)('case.get', { id: caseId });
    const s2 = await c2('case.get', { id: caseId });
    expect(s1).toEqual(s2);
    expect(s1.notes.map((n) => n.text).sort()).toEqual(['B imaged the depot server', 'Screens show a ransom note']);
    expect(await apiClient(host)('checklist.get', { caseId })).toEqual(await c2('checklist.get', { caseId }));

    // A tampered bundle (one byte flipped in its last encrypted chunk, past the signed manifest that
    // Inspect reads) is shown as signed but not yet checked, then refused at import with its reason.
    const item = await a('evidence.register', { caseId, description: 'depot server memory', type: 'memory-image' });
    await writeFile(file('memory.bin'), randomBytes(300_000));
    await finishJob(a, await a('evidence.attach', { caseId, itemId: item.id, path: file('memory.bin') }));
    await finishJob(a, await a('bundle.export', { caseIds: [caseId], path: file('big.outpost'), recipients }));
    const bytes = await readFile(file('big.outpost'));
    const at = bytes.length - 100;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    await writeFile(file('tampered.outpost'), bytes);
    await dialog.getByLabel('Bundle file').fill(file('tampered.outpost'));
    await dialog.getByRole('button', { name: 'Inspect', exact: true }).click();
    const importButton = dialog.getByRole('button', { name: /^Import \d+ case/ });
    const rejected = dialog.getByTestId('bundle-rejected');
    await expect(dialog.getByRole('region', { name: 'Bundle contents' })).toContainText('the events and files are checked when you import');
    await shot('91a-bundles-inspected-not-yet-checked');
    await importButton.click();
    await expect(rejected).toContainText('This bundle was refused');
    await expect(rejected).toContainText(/altered/);
    // Nothing green is left under the refusal: neither the signature line nor the Import button.
    await expect(dialog.getByRole('region', { name: 'Bundle contents' })).toHaveCount(0);
    await expect(importButton).toHaveCount(0);
    await shot('92-bundles-rejected');
  } finally {
    await devices.stopAll();
  }
});

test('a responder exports everything changed since the last export to the coordinator, in the UI', async ({ page, host, shot }, testInfo) => {
  test.setTimeout(120_000);
  const coordinatorHost = await startHostProcess(testInfo.outputPath('coordinator', 'vault'));
  try {
    const coordinator = apiClient(coordinatorHost);
    await coordinator('vault.create', { passphrase });
    await coordinator('keys.coordinatorInit', {});
    const file = (name: string) => testInfo.outputPath(name);
    await coordinator('team.exportProfile', { path: file('team.json'), name: 'North CSIRT' });

    // The responder's vault is the one in the browser.
    await createVault(page, host);
    const field = apiClient(host);
    const opened = await field('case.create', { title: 'Phishing at the port', category: 'malicious-code', priority: 'high' });
    await field('note.add', { caseId: opened.id, text: 'Three mailboxes hit' });
    await field('case.create', { title: 'Lost badge', category: 'fraud', priority: 'low' });
    // Cases made through the API appear once the page loads again (the host keeps the vault open).
    await page.reload();
    await expect(caseRow(page, /Lost badge/)).toHaveCount(1);

    await page.getByRole('button', { name: 'Bundles' }).click();
    const dialog = page.getByRole('dialog', { name: 'Case bundles' });
    // Joining the team: the profile is shown, fingerprint and words, and trusted only when the responder says it matches.
    await expect(dialog.getByTestId('team-coordinator')).toContainText('No team yet');
    await dialog.getByLabel('Team profile file').fill(file('team.json'));
    await dialog.getByRole('button', { name: 'Check profile' }).click();
    const check = dialog.getByTestId('profile-check');
    const coordinatorDevice = (await coordinator('keys.show', {})).device.fingerprint;
    await expect(check).toContainText('Trust this coordinator? — North CSIRT');
    await expect(check.getByTestId('device-fingerprint')).toHaveText(coordinatorDevice);
    await expect(check.getByTestId('fingerprint-words').getByRole('listitem')).toHaveCount(8);
    expect((await field('keys.show', {})).team).toBeNull();
    await shot('90b-bundles-profile-check');
    await check.getByRole('button', { name: 'It matches: trust this coordinator' }).click();
    await expect(dialog.getByRole('status')).toContainText('You now trust the coordinator of North CSIRT');
    await expect(dialog.getByTestId('team-coordinator')).toContainText('North CSIRT — your bundles go to its coordinator');
    await dialog.getByRole('tab', { name: 'Export' }).click();
    await expect(dialog.getByRole('radio', { name: 'Selected cases' })).toBeChecked();
    // The case picker: a search narrows the list, "select" takes what is shown, Clear empties it.
    const chosen = dialog.getByTestId('export-chosen');
    await expect(chosen).toHaveText('0 of 2 cases chosen');
    await dialog.getByLabel('Find cases to export').fill('port');
    await expect(dialog.getByRole('checkbox')).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Select the 1 shown case' }).click();
    await expect(dialog.getByRole('checkbox', { name: /Phishing at the port/ })).toBeChecked();
    await dialog.getByLabel('Find cases to export').fill('');
    await dialog.getByRole('button', { name: 'Select all 2' }).click();
    await expect(chosen).toHaveText('2 of 2 cases chosen');
    await expect(dialog.getByRole('button', { name: 'Export 2 cases' })).toBeEnabled();
    await dialog.getByRole('button', { name: 'Clear', exact: true }).click();
    await dialog.getByLabel('Find cases to export').fill('nothing like it');
    await expect(dialog.getByText('No case matches “nothing like it”.')).toBeVisible();
    await dialog.getByLabel('Find cases to export').fill('');
    await dialog.getByRole('checkbox', { name: 'Lost badge' }).check();
    await expect(dialog.getByRole('button', { name: 'Export 1 case' })).toBeEnabled();
    await shot('93a-bundles-export-selected');
    const changed = dialog.getByRole('radio', { name: 'Everything changed since the last export to North CSIRT' });
    await changed.check();
    const detail = dialog.getByTestId('last-export');
    await expect(detail).toContainText('Last export: never. Not sent yet: 3 events in 2 cases');
    await expect(dialog.getByTestId('changed-cases')).toContainText('Phishing at the port');
    await expect(dialog.getByRole('radio', { name: /A passphrase/ })).toBeDisabled();
    await dialog.getByLabel('Save the bundle to').fill(file('first.outpost'));
    await shot('93-bundles-export-changes-first');
    await dialog.getByRole('button', { name: 'Export the changes' }).click();
    await expect(dialog.getByTestId('export-result')).toContainText('2 cases, 3 events');
    await expect(detail).toContainText('Nothing changed since.');
    await expect(dialog.getByRole('button', { name: 'Export the changes' })).toBeDisabled();
    await shot('94-bundles-export-nothing-changed');

    // More work, and a large evidence file: the export of changes shows its progress and can be cancelled.
    await field('note.add', { caseId: opened.id, text: 'The sender domain is blocked' });
    const item = await field('evidence.register', { caseId: opened.id, description: 'mail server logs', type: 'file' });
    const big = file('logs.bin');
    await writeFile(big, Buffer.alloc(400 * 1024 * 1024, 0x2a));
    await finishJob(field, await field('evidence.attach', { caseId: opened.id, itemId: item.id, path: big }));
    // The panel asks again when it is shown again.
    await dialog.getByRole('tab', { name: 'Import' }).click();
    await dialog.getByRole('tab', { name: 'Export' }).click();
    await dialog.getByRole('radio', { name: /^Everything changed since/ }).check();
    await expect(detail).toContainText(/Last export: .+\. Not sent yet: 3 events in 1 case, 1 evidence file \(400(\.0)? MiB\)/);
    await expect(dialog.getByTestId('changed-cases')).toContainText('3 new events');
    await dialog.getByLabel('Save the bundle to').fill(file('cancelled.outpost'));
    await dialog.getByRole('button', { name: 'Export the changes' }).click();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(dialog.getByText('Cancelled: nothing was kept')).toBeVisible();
    await shot('95a-bundles-export-changes-cancelled');
    await expect(detail).toContainText('Not sent yet: 3 events in 1 case');

    await dialog.getByLabel('Save the bundle to').fill(file('second.outpost'));
    await dialog.getByRole('button', { name: 'Export the changes' }).click();
    await expect(dialog.getByTestId('export-result')).toContainText('1 case, 3 events, 1 evidence file', { timeout: 60_000 });
    await expect(dialog.getByTestId('export-result')).toContainText('the changes since the export of');
    await shot('95-bundles-export-changes-done');

    // The coordinator sees what each bundle holds: the first whole, the second only the new part.
    expect((await coordinator('bundle.inspect', { path: file('first.outpost') })).cases).toHaveLength(2);
    expect(await coordinator('bundle.inspect', { path: file('second.outpost') })).toMatchObject({ cases: [{ caseId: opened.id, events: 3 }], blobs: 1 });
  } finally {
    await coordinatorHost.stop();
  }
});

test('the export picker finds and chooses among 300 cases, at 1024×700 too', async ({ page, host, shot }) => {
  test.setTimeout(120_000);
  await createVault(page, host);
  const api = apiClient(host);
  for (let i = 1; i <= 300; i++) await api('case.create', { title: `Case ${String(i).padStart(3, '0')} ${i % 30 === 0 ? 'at Lyon depot' : 'routine'}`, category: 'fraud', priority: 'low' });
  await page.reload();
  await page.getByRole('button', { name: 'Bundles' }).click();
  const dialog = page.getByRole('dialog', { name: 'Case bundles' });
  await dialog.getByRole('tab', { name: 'Export' }).click();
  await expect(dialog.getByTestId('export-chosen')).toHaveText('0 of 300 cases chosen');
  // Only the rows in view are in the page.
  expect(await dialog.getByRole('checkbox').count()).toBeLessThan(40);
  await dialog.getByLabel('Find cases to export').fill('lyon');
  await expect(dialog.getByRole('checkbox')).toHaveCount(10);
  await dialog.getByRole('button', { name: 'Select the 10 shown cases' }).click();
  await expect(dialog.getByRole('button', { name: 'Export 10 cases' })).toBeEnabled();
  await shot('93b-bundles-export-picker-search-1400');
  await page.setViewportSize({ width: 1024, height: 700 });
  await dialog.getByLabel('Find cases to export').fill('');
  await dialog.getByRole('button', { name: 'Select all 300' }).click();
  await expect(dialog.getByTestId('export-chosen')).toHaveText('300 of 300 cases chosen');
  await expect(dialog.getByRole('button', { name: 'Export 300 cases' })).toBeVisible();
  await shot('93c-bundles-export-picker-1024');
});

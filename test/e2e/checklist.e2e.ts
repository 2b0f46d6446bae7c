import { writeFile } from 'node:fs/promises';
import { expect, startHostProcess, test } from './host-fixture';
import { apiClient, caseRow, createVault, unlock } from './workspace-support';
import type { Locator, Page } from '@playwright/test';

function step(page: Page | Locator, title: string | RegExp) {
  return page.getByRole('listitem', { name: title });
}

test('a playbook attached to a case is worked as a checklist, and the case keeps it across a restart', async ({ page, host, vaultDir, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);
  const opened = await call('case.create', { title: 'Phishing wave at the finance office', category: 'fraud', priority: 'high', site: 'HQ' });
  await call('note.add', { caseId: opened.id, text: 'Mail admin found 14 recipients of the fake invoice' });
  await page.reload();
  await caseRow(page, /Phishing wave/).click();
  await page.getByRole('tab', { name: /Checklist/ }).click();
  await expect(page.getByText('No playbook is attached to this case yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Attach a playbook' }).click();
  const picker = page.getByRole('region', { name: 'Attach a playbook' });
  // The playbook for the case's category comes first, marked as recommended.
  await expect(picker.getByRole('listitem').first()).toContainText('Phishing');
  await expect(picker.getByRole('listitem').first()).toContainText('Recommended');
  // Why, and when to use each: the whole library is in view, each with its "use this when".
  await expect(picker.getByRole('listitem').first()).toContainText('Written for fraud cases, like this one.');
  await expect(picker.getByRole('listitem').filter({ hasText: 'Malware outbreak' })).toContainText('Use this when: Malware (a virus, worm');
  await expect(picker.getByRole('listitem')).toHaveCount(8);
  // Not a small scrolling box inside the tab: the list is as tall as its rows.
  expect(await picker.getByRole('list').evaluate((list) => list.scrollHeight <= list.clientHeight)).toBe(true);
  await shot('50-checklist-attach-picker');
  await page.setViewportSize({ width: 1024, height: 700 });
  // At 1024 px every tab keeps its badge on the line of its label, and all tabs fit in the pane.
  const tabs = await page.getByRole('tab').evaluateAll((els) =>
    els.map((tab) => {
      const badge = tab.querySelector('.tab-badge');
      const label = document.createRange();
      label.selectNodeContents(tab.firstChild as Node);
      return { right: tab.getBoundingClientRect().right, sameLine: !badge || badge.getBoundingClientRect().top < label.getBoundingClientRect().bottom };
    }),
  );
  expect(tabs.every((t) => t.sameLine)).toBe(true);
  expect(Math.max(...tabs.map((t) => t.right))).toBeLessThanOrEqual(1024);
  await shot('50b-checklist-attach-picker-1024');
  await page.setViewportSize({ width: 1280, height: 800 });
  await picker.getByRole('button', { name: 'Attach Phishing', exact: true }).click();
  await expect(picker).toHaveCount(0);

  const run = page.getByRole('region', { name: 'Checklist: Phishing' });
  await expect(run).toBeVisible();
  await expect(run.getByRole('group', { name: 'Progress per phase' })).toContainText('Verify');

  // Done, with a note linked to a case note.
  const kit = step(run, /^Have the right people and access at hand/);
  await kit.getByRole('button', { name: 'Done' }).click();
  await expect(kit).toHaveAccessibleName(/— Done$/);
  // The box beside a step ticks it, and clicked again (undo) opens it again.
  const box = kit.getByRole('checkbox');
  await expect(box).toBeChecked();
  await box.click();
  await expect(kit).toHaveAccessibleName(/— Open$/);
  await expect(box).not.toBeChecked();
  await box.press('Space');
  await expect(kit).toHaveAccessibleName(/— Done$/);
  await expect(box).toBeChecked();
  const get = step(run, /^Get the message itself, with its headers/);
  await get.getByRole('button', { name: 'Instructions' }).click();
  await expect(get.locator('.step-details')).toBeVisible();
  await get.getByRole('button', { name: 'Note…' }).click();
  await get.getByLabel('Note on this step').fill('Saved as invoice.eml <b>not bold</b>');
  await get.getByLabel('Link a note of the case').selectOption({ label: 'Mail admin found 14 recipients of the fake invoice' });
  await get.getByRole('button', { name: 'Save' }).click();
  await expect(get.getByText('Saved as invoice.eml <b>not bold</b>')).toBeVisible();
  await expect(get.getByRole('list', { name: 'Produced' })).toContainText('Mail admin found 14 recipients');
  await get.getByRole('button', { name: 'Done' }).click();

  // Skipping needs a reason.
  const check = step(run, /^Check that it really is phishing/);
  await check.getByRole('button', { name: 'Skip…' }).click();
  await check.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(check.getByRole('alert')).toHaveText('Say why the step is skipped');
  await check.getByLabel('Why is it skipped? (required)').fill('Obvious fake: sender domain registered yesterday');
  await check.getByLabel('Why is it skipped? (required)').press('Enter');
  await expect(check).toHaveAccessibleName(/— Skipped$/);
  await expect(check).toContainText('Obvious fake: sender domain registered yesterday');

  const recipients = step(run, /^Find everyone who received it/);
  await recipients.getByRole('button', { name: 'Blocked…' }).click();
  await recipients.getByLabel('What blocks it? (required)').fill('Mail admin on leave until 14:00');
  await recipients.getByRole('button', { name: 'Mark blocked' }).click();
  await expect(recipients).toHaveAccessibleName(/— Blocked$/);

  // The decision: branch buttons, the taken one pressed; the steps of the other branch are not on the path.
  const decision = step(run, /^Did anyone enter credentials or open the attachment\?/);
  const answers = decision.getByRole('group', { name: /Answer/ });
  await answers.getByRole('button', { name: 'Yes' }).click();
  await expect(answers.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
  await expect(answers.getByRole('button', { name: 'No' })).toHaveAttribute('aria-pressed', 'false');
  // The other answer's steps are folded into one line, and can be shown.
  await expect(step(run, /^Confirm with the recipients that nobody interacted/)).toHaveCount(0);
  const fold = run.getByRole('button', { name: /for “No”, not the answer given/ });
  await fold.click();
  await expect(step(run, /^Confirm with the recipients that nobody interacted/)).toContainText('Not on the path taken');
  await fold.click();
  await expect(step(run, /^Confirm with the recipients that nobody interacted/)).toHaveCount(0);
  await step(run, /^Reset the passwords and sign the users out everywhere/).getByRole('button', { name: 'Done' }).click();
  await step(run, /^If an attachment was opened/).getByRole('button', { name: 'N/A' }).click();
  await expect(step(run, /^If an attachment was opened/)).toHaveAccessibleName(/— Not applicable$/);
  await shot('51-checklist-worked');

  // The work reaches the case: the list and header show progress and what is blocked, the status is offered to move on,
  // and steps done, blocked or answered are on the timeline, marked as coming from the checklist.
  await expect(caseRow(page, /Phishing wave/)).toContainText(/Checklist \d+\/\d+ · 1 blocked/);
  await expect(page.getByRole('list', { name: 'Case at a glance' })).toContainText(/Checklist \d+\/\d+ · 1 blocked/);
  const suggestion = page.getByTestId('status-suggestion');
  await expect(suggestion).toContainText('the case is still marked “New”');
  await suggestion.getByRole('button', { name: 'Set status to Responding' }).click();
  await expect(page.getByRole('list', { name: 'Case at a glance' })).toContainText('Responding');
  await expect(suggestion).toHaveCount(0);
  await page.getByRole('tab', { name: /Timeline/ }).click();
  const timeline = page.getByRole('list', { name: 'Timeline, earliest first' });
  await expect(timeline).toContainText('Blocked: Find everyone who received it — Mail admin on leave until 14:00');
  await expect(timeline).toContainText('Did anyone enter credentials or open the attachment? — Yes');
  await expect(timeline.getByText('from the checklist').first()).toBeVisible();
  const entries = await timeline.getByRole('listitem').count();
  await expect(page.getByRole('tab', { name: /Timeline/ })).toContainText(String(entries));
  await shot('51b-timeline-from-checklist');
  await page.getByRole('tab', { name: /Checklist/ }).click();

  const before = await run.getByRole('group', { name: 'Progress per phase' }).textContent();
  await host.stop();
  const restarted = await startHostProcess(vaultDir);
  try {
    await page.goto(restarted.url);
    await unlock(page);
    await caseRow(page, /Phishing wave/).click();
    await page.getByRole('tab', { name: /Checklist/ }).click();
    const again = page.getByRole('region', { name: 'Checklist: Phishing' });
    await expect(again.getByRole('group', { name: 'Progress per phase' })).toHaveText(before ?? '');
    await expect(step(again, /^Check that it really is phishing/)).toContainText('Obvious fake: sender domain registered yesterday');
    await expect(step(again, /^Find everyone who received it/)).toContainText('Mail admin on leave until 14:00');
    await expect(step(again, /^Did anyone enter/).getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
    await expect(step(again, /^Get the message itself/).getByText('Saved as invoice.eml <b>not bold</b>')).toBeVisible();
    // Reopen brings a step back to open.
    await step(again, /^Have the right people/).getByRole('button', { name: 'Reopen' }).click();
    await expect(step(again, /^Have the right people/)).toHaveAccessibleName(/— Open$/);
    await shot('52-checklist-after-restart');
  } finally {
    await restarted.stop();
  }
});

const cacao = {
  type: 'playbook',
  spec_version: 'cacao-2.0',
  id: 'playbook--8a7e6c52-4f1d-4b8e-9a43-0f3b9c5d1e21',
  name: 'Exchange server triage',
  description: 'From the coordinator: first steps on a suspected Exchange compromise.',
  created: '2024-05-01T10:00:00.000Z',
  modified: '2024-05-01T10:00:00.000Z',
  created_by: 'identity--5d2b4a1c-7e3f-4c9a-8b6d-2f1e0a9c3b47',
  workflow_start: 'start--0c5f2e1a-3b4d-4e6f-8a9b-1c2d3e4f5a6b',
  workflow: {
    'start--0c5f2e1a-3b4d-4e6f-8a9b-1c2d3e4f5a6b': { type: 'start', on_completion: 'action--1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d' },
    'action--1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d': { type: 'action', name: 'Check the IIS logs for webshell requests', on_completion: 'action--2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e' },
    'action--2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e': {
      type: 'action',
      name: 'Collect the logs',
      commands: [{ type: 'ssh', command: 'tar czf /tmp/logs.tgz /var/log' }],
      on_completion: 'end--3c4d5e6f-7a8b-4c0d-9e2f-3a4b5c6d7e8f',
    },
    'end--3c4d5e6f-7a8b-4c0d-9e2f-3a4b5c6d7e8f': { type: 'end' },
  },
};

test('the library: copy a built-in playbook, edit it, save a new version, retire it; import a CACAO file with warnings', async ({ page, host, shot }, testInfo) => {
  const call = apiClient(host);
  await createVault(page, host);
  const opened = await call('case.create', { title: 'Lost laptop of the CFO', category: 'information-content-security', priority: 'medium', site: 'HQ' });

  await page.reload();
  await page.getByRole('button', { name: 'Playbooks' }).click();
  const screen = page.getByRole('dialog', { name: 'Playbooks' });
  await expect(screen.getByRole('navigation', { name: 'Playbooks in the library' })).toContainText('Built-in');
  await screen.getByRole('button', { name: /^Lost or stolen device/ }).click();
  await expect(screen.getByRole('list', { name: 'Steps' })).toBeVisible();
  await shot('53-library');

  await screen.getByRole('button', { name: 'Copy and edit' }).click();
  const editor = screen.getByRole('form', { name: /Edit playbook/ });
  await editor.getByLabel('Title', { exact: true }).fill('Lost device — HQ');
  await editor.getByLabel('Summary').fill('Our version: the CFO laptop has BitLocker keys in Entra.');
  await editor.getByLabel('Title of step 1', { exact: true }).fill('Get the facts from the owner (HQ)');
  await editor.getByRole('button', { name: 'Move step 2 up' }).click();
  await editor.getByRole('button', { name: 'Add a step' }).click();
  const count = await editor.locator('.editor-step').count();
  await editor.getByLabel(`Title of step ${count}`, { exact: true }).fill('Tell the insurer');
  await editor.getByLabel('Instructions').last().fill('Call the policy hotline with the case number.');
  await editor.getByLabel('Role', { exact: true }).last().fill('Office manager');
  await shot('54-playbook-editor');
  await editor.getByRole('button', { name: /Save as version 2/ }).click();
  await expect(screen.getByRole('status')).toContainText('as version 2');
  const detail = screen.getByRole('region', { name: 'Playbook' });
  await expect(detail.getByRole('heading', { name: 'Lost device — HQ' })).toBeVisible();
  await expect(detail.getByRole('list', { name: 'Steps' })).toContainText('Tell the insurer');
  await expect(detail).toContainText('versions 1, 2');

  // A case keeps the version it started with, and is told about a newer one.
  const [local] = (await call('playbook.list', {})).filter((p) => p.title === 'Lost device — HQ');
  if (!local) throw new Error('no local copy');
  await call('checklist.attach', { caseId: opened.id, playbookId: local.id, version: 1 });

  await screen.getByRole('button', { name: 'Retire' }).click();
  await expect(screen.getByRole('status')).toContainText('is retired');
  await expect(screen.getByRole('navigation', { name: 'Playbooks in the library' }).getByRole('heading', { name: 'Retired' })).toBeVisible();
  await screen.getByRole('button', { name: 'Restore' }).click();
  await expect(screen.getByRole('status')).toContainText('can be attached again');

  // Import a CACAO file with departures from the schema.
  await screen.getByRole('tab', { name: 'Import CACAO' }).click();
  const file = testInfo.outputPath('exchange.json');
  await writeFile(file, JSON.stringify(cacao, null, 2));
  await screen.getByLabel('Choose a file').setInputFiles(file);
  await expect(screen.getByLabel('Or paste the JSON')).toHaveValue(/Exchange server triage/);
  await screen.getByRole('button', { name: 'Import', exact: true }).click();
  const result = screen.getByRole('status');
  await expect(result).toContainText('Imported as a new playbook');
  await expect(screen.getByRole('region', { name: 'Warnings' })).toContainText('has no commands');
  await expect(screen.getByRole('region', { name: 'Kept but not shown' })).toContainText('ssh command');
  await shot('55-cacao-import');

  await screen.getByLabel('Or paste the JSON').fill('{"type": "playbook"}');
  await screen.getByRole('button', { name: 'Check' }).click();
  await expect(screen.getByRole('alert')).toContainText('cannot be imported');
  await shot('56-cacao-import-errors');

  // The team: a contact, on the escalation list.
  await screen.getByRole('tab', { name: 'Team and contacts' }).click();
  await screen.getByRole('button', { name: 'Add a contact' }).click();
  const contact = screen.getByRole('listitem', { name: 'Contact new contact' });
  await contact.getByLabel('Name').fill('Ana Petrova');
  const ana = screen.getByRole('listitem', { name: 'Contact Ana Petrova' });
  await ana.getByLabel('Role').fill('Windows administrator');
  await ana.getByLabel('Skills and platforms').fill('Active Directory, Exchange');
  await ana.getByLabel('E-mail').fill('ana@example.org');
  await ana.getByLabel('PGP fingerprint').fill('0123 4567 89ab cdef 0123  4567 89ab cdef 0123 4567');
  await screen.getByLabel('Add a member to Escalation path').selectOption({ label: 'Ana Petrova' });
  await screen.getByRole('button', { name: 'Save team' }).click();
  await expect(screen.getByText('Team saved.')).toBeVisible();
  await shot('57-team');
  expect((await call('team.get', {})).contacts[0]).toMatchObject({ name: 'Ana Petrova', skills: ['Active Directory', 'Exchange'], pgpFingerprint: '0123456789ABCDEF0123456789ABCDEF01234567' });

  await screen.getByRole('button', { name: 'Close playbooks' }).click();
  await caseRow(page, /Lost laptop/).click();
  await page.getByRole('tab', { name: /Checklist/ }).click();
  await expect(page.getByRole('note')).toContainText('A newer version 2 of this playbook exists');
  await shot('58-checklist-newer-version');
});

test('a built-in playbook is hidden, never retired, and shown again from the hidden list', async ({ page, host, shot }) => {
  await createVault(page, host);
  await page.getByRole('button', { name: 'Playbooks' }).click();
  const screen = page.getByRole('dialog', { name: 'Playbooks' });
  const nav = screen.getByRole('navigation', { name: 'Playbooks in the library' });
  await nav.getByRole('button', { name: /^Phishing/ }).click();
  await expect(screen.getByRole('button', { name: 'Retire' })).toHaveCount(0);
  await screen.getByRole('button', { name: 'Hide' }).click();
  await expect(screen.getByRole('status')).toContainText('is hidden');
  await expect(nav.getByRole('button', { name: /^Phishing/ })).toHaveCount(0);
  await nav.getByRole('checkbox', { name: 'Show 1 hidden' }).check();
  await shot('59-library-hidden-builtin');
  await nav.getByRole('button', { name: /^Phishing/ }).click();
  await screen.getByRole('button', { name: 'Show again' }).click();
  await expect(nav.getByRole('checkbox', { name: /hidden/ })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: /^Phishing/ })).toHaveCount(1);
});

test('the library outline says “at the same time” for parallel steps, never “if branch n”', async ({ page, host, shot }) => {
  await createVault(page, host);
  await page.getByRole('button', { name: 'Playbooks' }).click();
  const screen = page.getByRole('dialog', { name: 'Playbooks' });
  await screen.getByRole('button', { name: /^Malware outbreak/ }).click();
  const outline = screen.getByRole('list', { name: 'Steps' });
  await expect(outline).toContainText('at the same time');
  await expect(outline).not.toContainText(/if branch \d/);
  await shot('60-library-outline-parallel');
});

test('triage says which playbook to follow, and the step attaches it and goes there; other answers are folded away', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);
  const opened = await call('case.create', { title: 'Strange pop-ups at reception', category: 'other', priority: 'medium' });
  await call('checklist.attach', { caseId: opened.id, playbookId: 'builtin.unknown-incident' });
  await page.reload();
  await caseRow(page, /Strange pop-ups/).click();
  await page.getByRole('tab', { name: /Checklist/ }).click();
  const run = page.getByRole('region', { name: 'Checklist: Unknown incident' });
  // Before the answer, the eight possible follow-ups are one folded line.
  await expect(run.getByRole('button', { name: /steps?, depending on the answer/ })).toHaveCount(1);
  await expect(step(run, /^Follow the Malware outbreak playbook/)).toHaveCount(0);
  // Each phase is headed once.
  const headings = await run.locator('.phase-heading').allTextContents();
  expect(new Set(headings).size).toBe(headings.length);

  await step(run, /^What kind of incident is it\?/).getByRole('button', { name: /^Malware/ }).click();
  await expect(run.getByRole('button', { name: /for the other answers/ })).toHaveCount(1);
  const follow = step(run, /^Follow the Malware outbreak playbook/);
  await shot('53-checklist-triage-follow');
  await follow.getByRole('button', { name: 'Attach it and continue there' }).click();
  const malware = page.getByRole('region', { name: 'Checklist: Malware outbreak' });
  await expect(malware).toBeVisible();
  await expect(malware.getByRole('heading', { name: 'Malware outbreak' })).toBeFocused();
  await expect(follow).toHaveAccessibleName(/— Done$/);
  // Back at the step, it now only goes to the checklist it attached.
  await follow.getByRole('button', { name: 'Go to Malware outbreak' }).click();
  await expect(malware.getByRole('heading', { name: 'Malware outbreak' })).toBeFocused();
  await page.setViewportSize({ width: 1024, height: 700 });
  await shot('53b-checklist-after-follow-1024');

  // A repeated sweep: pass 2 starts only once pass 1 is finished, and its steps say it started, not "reopened".
  const sweep = step(malware, /^Sweep again while new infections turn up/);
  const startPass = sweep.getByRole('button', { name: 'Start pass 2' });
  await expect(startPass).toBeDisabled();
  await expect(startPass).toHaveAttribute('title', 'Finish pass 1 first: every step done, skipped or N/A');
  await step(malware, /^Scan all machines for the indicators/).getByRole('button', { name: 'Done' }).click();
  await step(malware, /^Isolate the machines found in this pass/).getByRole('button', { name: 'Done' }).click();
  await startPass.click();
  const second = malware.getByRole('listitem', { name: /^Scan all machines for the indicators — Open$/ });
  await expect(second).toContainText('Pass 2 started by Ana Field');
  await expect(second).not.toContainText('Reopened');
  await expect(sweep.getByRole('button', { name: 'Start pass 3' })).toBeDisabled();
  await second.scrollIntoViewIfNeeded();
  await shot('53c-checklist-sweep-pass-2-1024');

  // Plain words, with a hint where a term stays: a checklist is removed from the case (not "detached"), and can be shown again.
  const remove = run.getByRole('button', { name: 'Remove Unknown incident: first response and triage from the case…' });
  await expect(remove).toHaveText('Remove from case…');
  await expect(remove).toHaveAttribute('title', /stays in the history/);
  await remove.click();
  await run.getByLabel('Reason for removing it (required)').fill('Triage is over; the malware checklist carries on');
  await run.getByRole('button', { name: 'Remove checklist' }).click();
  await page.getByRole('checkbox', { name: 'Show 1 removed' }).check();
  await expect(run).toContainText('Removed from the case by Ana Field');
  await expect(page.getByRole('tab', { name: /^Records/ })).toHaveAttribute('title', /indicators, systems, accounts/);
  await expect(page.getByRole('button', { name: 'Bundles' })).toHaveAttribute('title', /signed, encrypted files that carry cases/);
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByText('Organisation served')).toBeVisible();
});

test('a notify step names the people on the team’s lists, and says plainly when a list is empty and who fills it', async ({ page, host, shot }) => {
  const call = apiClient(host);
  await createVault(page, host);
  const opened = await call('case.create', { title: 'Defaced web site', category: 'other', priority: 'high' });
  await call('checklist.attach', { caseId: opened.id, playbookId: 'builtin.unknown-incident' });
  await page.reload();
  await caseRow(page, /Defaced web site/).click();
  await page.getByRole('tab', { name: /Checklist/ }).click();
  const tell = step(page, /^Tell the coordinator and management/);
  await expect(tell.getByRole('group', { name: 'Notify Management' })).toContainText('Nobody is on this list yet. Ask your site');
  await shot('58a-checklist-notify-empty');

  // The team editor says how many lists are empty; a contact put on Management shows in the step at once.
  await page.getByRole('button', { name: 'Playbooks' }).click();
  const screen = page.getByRole('dialog', { name: 'Playbooks' });
  await screen.getByRole('tab', { name: 'Team and contacts' }).click();
  await expect(screen.getByTestId('empty-lists')).toContainText('None of the 11 lists has anyone on it');
  await screen.getByRole('button', { name: 'Add a contact' }).click();
  const contact = screen.getByRole('listitem', { name: 'Contact new contact' });
  await contact.getByLabel('Name').fill('Marie Curie');
  const marie = screen.getByRole('listitem', { name: 'Contact Marie Curie' });
  await marie.getByLabel('Role').fill('Site director');
  await marie.getByLabel('Phone').fill('+33 4 78 00 00 00');
  await screen.getByLabel('Add a member to Management').selectOption({ label: 'Marie Curie' });
  await expect(screen.getByTestId('empty-lists')).toContainText('10 of 11 lists have nobody on them');
  await screen.getByRole('button', { name: 'Save team' }).click();
  await expect(screen.getByText('Team saved.')).toBeVisible();
  await screen.getByRole('button', { name: 'Close playbooks' }).click();

  const management = tell.getByRole('group', { name: 'Notify Management' });
  await expect(management).toContainText('Notify: ManagementMarie Curie · Site director · +33 4 78 00 00 00');
  await expect(management.getByRole('link', { name: '+33 4 78 00 00 00' })).toHaveAttribute('href', 'tel:+33478000000');
  await expect(tell.getByRole('group', { name: /^Notify Incident coordinator/ })).toContainText('Nobody is on this list yet');
  await tell.scrollIntoViewIfNeeded();
  await shot('58b-checklist-notify-people');
});

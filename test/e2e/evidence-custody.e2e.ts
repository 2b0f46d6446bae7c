/**
 * The evidence flow end to end against the browser mode (the built host
 * process), through its HTTP API as the UI will call it: register an item,
 * attach a file, transfer custody twice, verify, then open the printable
 * chain-of-custody form in Chromium and take screenshots of it. (The
 * evidence screens come in their own issue; this drives the API they use.)
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { expect, test, type Host } from './host-fixture';

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
type Job = { jobId: string; state: string; result?: { sha256?: string; fileId?: string; failed?: number } };

function api(request: APIRequestContext, host: Host) {
  const token = /token=([A-Za-z0-9_-]+)/.exec(host.url)?.[1] ?? '';
  return async <T>(method: string, args: unknown): Promise<T> => {
    const response = await request.post(`${host.origin}/api/${method}`, { data: args, headers: { Authorization: `Bearer ${token}`, Origin: host.origin } });
    const body = (await response.json()) as Result<T>;
    if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
    return body.value;
  };
}

test('registers an item, attaches a file, transfers custody twice, verifies and prints the custody form', async ({ page, request, host, shot }, testInfo) => {
  const call = api(request, host);
  const finished = async (job: Job): Promise<Job> => {
    let view = job;
    while (view.state === 'running') view = await call<Job>('job.wait', { jobId: job.jobId, timeoutMs: 5000 });
    return view;
  };
  await call('vault.create', { passphrase: 'correct horse battery staple' });
  const { id: caseId } = await call<{ id: string }>('case.create', { title: 'Ransom note on the finance file server', category: 'malicious-code', priority: 'high', site: 'Lyon office' });
  const item = await call<{ id: string }>('evidence.register', {
    caseId,
    description: 'Disk image of FIN-FS01 <script>alert(1)</script>',
    type: 'disk-image',
    source: 'FIN-FS01 (Dell R740, s/n 7XK2Q)',
    location: 'Server room B, rack 4',
    collectedBy: 'Ann Responder',
    collectedAt: '2026-11-23T09:15:00+01:00',
    method: 'FTK Imager 4.7, write blocker Tableau T35u',
  });
  const source = testInfo.outputPath('fin-fs01.E01');
  await writeFile(source, randomBytes(2 * 1024 * 1024 + 17));
  const intake = await finished(await call<Job>('evidence.attach', { caseId, itemId: item.id, path: source, sha1: true, md5: true }));
  expect(intake.state).toBe('done');
  await call('custody.transfer', { caseId, itemId: item.id, from: 'Ann Responder', to: 'Bob Courier', at: '2026-11-23T11:00:00+01:00', place: 'Lyon office, reception', purpose: 'Transport to the lab', condition: 'Sealed in bag 0042, seal intact' });
  await call('custody.transfer', { caseId, itemId: item.id, from: 'Bob Courier', to: 'Lab evidence locker 3', at: '2026-11-23T15:40:00+01:00', place: 'Forensics lab, Paris', purpose: 'Storage pending analysis', condition: 'Seal 0042 intact' });
  const verify = await finished(await call<Job>('evidence.verify', { caseId }));
  expect(verify).toMatchObject({ state: 'done', result: { failed: 0 } });

  const form = await call<{ html: string; fileName: string }>('evidence.form', { caseId });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));
  await page.setContent(form.html);
  await expect(page.getByRole('heading', { name: 'Chain of custody', level: 1 })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Lab evidence locker 3' }).first()).toBeVisible();
  await expect(page.getByText(intake.result?.sha256 ?? 'missing digest').first()).toBeVisible();
  await expect(page.getByText('OK — digest matches')).toBeVisible();
  await expect(page.getByText('<script>alert(1)</script>').first()).toBeVisible();
  expect(dialogs).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot('evidence-01-custody-form-case');

  const itemForm = await call<{ html: string }>('evidence.form', { caseId, itemId: item.id });
  await page.setContent(itemForm.html);
  await expect(page.getByRole('heading', { name: /^E-001 Item [0-9a-f]{8} — Disk image of FIN-FS01/ })).toBeVisible();
  await shot('evidence-02-custody-form-item');
  await page.emulateMedia({ media: 'print' });
  await shot('evidence-03-custody-form-print');
});

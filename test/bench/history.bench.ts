/**
 * `history.scroll.*`: a case with 50,000 events, its History tab opened in
 * Chromium, scrolled from newest to oldest and back in steps of a screen or
 * more per frame. Smooth means frames stay near 16 ms; the figures are the
 * 95th percentile and the worst frame, and how long the first rows take.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CaseEvent } from '../../shared/events/event';
import { formatHlc } from '../../shared/events/hlc';
import { makeEvent } from '../../electron/core/vault/event-factory';
import { weakKdfCost } from '../../electron/core/vault/store/kdf';
import { Vault } from '../../electron/core/vault/vault';
import { openApp, percentile, scrollFrameTimes } from './support/browser-app';

export const benchmarks = ['history.scroll.p95_frame_ms', 'history.scroll.max_frame_ms', 'history.first_rows_ms'];

const EVENTS = 50_000;
const PASSPHRASE = 'benchmark passphrase';

async function prepare(dir: string): Promise<void> {
  const vault = new Vault({ dir, kdf: { cost: weakKdfCost, allowWeak: true }, defaultActor: 'Bench Responder' });
  await vault.create(PASSPHRASE);
  const session = vault.unlocked();
  const opened = await session.createCase({ title: 'A long-running case', category: 'intrusions', priority: 'high', status: 'responding', site: 'HQ' });
  const [first] = await session.caseEvents(opened.id);
  let prev = first?.hash ?? null;
  const start = Date.now();
  const events: CaseEvent[] = [];
  for (let i = 1; i < EVENTS; i++) {
    const event = makeEvent(
      { caseId: opened.id, type: 'note.added', payload: { noteId: randomUUID(), text: `Log review ${i}: nothing unusual on host ${i % 300}` }, actor: 'Bench Responder', hlc: formatHlc({ wall: start + i, counter: 0 }), prev },
      session.device,
    );
    prev = event.hash;
    events.push(event);
  }
  await session.importEvents(opened.id, events);
  await vault.lock();
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; [k: string]: unknown }>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outpost-history-bench-'));
  try {
    await prepare(dir);
    const app = await openApp(dir, PASSPHRASE);
    try {
      const { page } = app;
      await page.getByRole('navigation', { name: 'Cases' }).getByRole('button', { name: /A long-running case/ }).click();
      const started = Date.now();
      await page.getByRole('tab', { name: /History/ }).click();
      await page.getByText('Log review 49999', { exact: false }).first().waitFor();
      const firstRows = Date.now() - started;
      // Down the whole list in 300 frames, then back up in 300.
      const times = await scrollFrameTimes(page, '.history-scroll', 600);
      // Rest at the oldest event: the rows there must arrive and render.
      await page.locator('.history-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.getByText('Opened the case', { exact: false }).first().waitFor();
      const rows = await page.locator('.history-scroll [role="row"], .history-scroll li, .history-scroll .history-row').count();
      const context = { events: EVENTS, frames: times.length, rowsInDom: rows };
      return [
        { name: 'history.scroll.p95_frame_ms', value: Math.round(percentile(times, 95) * 10) / 10, unit: 'ms', target: 16.7, ...context },
        { name: 'history.scroll.max_frame_ms', value: Math.round(Math.max(...times) * 10) / 10, unit: 'ms', ...context },
        { name: 'history.first_rows_ms', value: firstRows, unit: 'ms', ...context },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

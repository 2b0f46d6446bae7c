import { describe, expect, it } from 'vitest';
import { renderCustodyForm } from '../../../../shared/evidence/custody-form';
import { foldEvidence } from '../../../../shared/evidence/evidence-fold';
import { Device, deviceId, uuidSource } from '../events/support';

const ITEM = '1e000000-0000-4000-8000-000000000001';
const FILE = '1f000000-0000-4000-8000-000000000001';
const T0 = Date.parse('2026-11-23T12:00:00Z');
const evil = '<script>alert("x")</script>';

function log() {
  const ann = new Device(deviceId(1), `Ann ${evil}`, uuidSource(9));
  ann.write('evidence.registered', { itemId: ITEM, description: `Disk ${evil}`, type: 'disk-image', source: `WS ${evil}`, location: `Room <b>3</b>`, collectedBy: `Ann ${evil}`, collectedAt: '2026-11-23T09:00:00+01:00', method: `dd & "tee"` }, T0);
  ann.write('evidence.file.attached', { itemId: ITEM, fileId: FILE, name: `disk${evil}.img`, size: 1536, sha256: 'a'.repeat(64), md5: 'c'.repeat(32), blob: 'b'.repeat(64), path: `/mnt/${evil}`, at: '2026-11-23T10:00:00+01:00' }, T0 + 1000);
  ann.write('custody.transferred', { itemId: ITEM, from: `Ann ${evil}`, to: `Bob ${evil}`, at: '2026-11-23T11:00:00+01:00', place: `Lab ${evil}`, purpose: `Analysis ${evil}`, condition: `Sealed ${evil}` }, T0 + 2000);
  ann.write('custody.transferred', { itemId: ITEM, from: 'Zed', to: 'Cy', at: '2026-11-23T11:30:00+01:00', place: '', purpose: '', condition: '' }, T0 + 3000);
  ann.write('evidence.verified', { itemId: ITEM, fileId: FILE, at: '2026-11-23T12:00:00+01:00', result: 'damaged', detail: `chunk 2 ${evil}` }, T0 + 4000);
  return foldEvidence(ann.events());
}

describe('chain-of-custody form', () => {
  it('escapes every value and runs nothing', () => {
    const html = renderCustodyForm({ caseId: 'c1', caseTitle: `Case ${evil}`, site: `Site ${evil}`, items: log().items, scope: 'case', generatedAt: '2026-11-23T13:00:00+01:00', generatedBy: `Me ${evil}` });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>3</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('dd &amp; &quot;tee&quot;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\bsrc=|href=/);
  });

  it('holds every field, digest, custody entry, flag, verification and signature line', () => {
    const items = log().items;
    const html = renderCustodyForm({ caseId: 'c1', caseTitle: 'Case', site: 'HQ', items, scope: 'item', generatedAt: '2026-11-23T13:00:00+01:00', generatedBy: 'Me' });
    for (const text of ['Disk image', '2026-11-23T09:00:00+01:00', 'a'.repeat(64), 'MD5 ' + 'c'.repeat(32), '1.5 KiB', '1536 bytes', 'Released by (signature)', 'Received by (signature)', 'Current holder', 'Handlers']) {
      expect(html).toContain(text);
    }
    expect(html).toContain('VERIFICATION FAILED');
    expect(html).toContain('The custody record has 1 problem(s)');
    expect(html).toMatch(/⚠ Zed hands the item over, but by the record Bob/);
    expect((html.match(/<tr/g) ?? []).length).toBeGreaterThan(15);
  });

  it('shows the exhibit number beside the item id: in the title, the heading, the fields and the case summary', () => {
    const items = log().items;
    const itemForm = renderCustodyForm({ caseId: 'c1', caseTitle: 'Case', site: 'HQ', items, scope: 'item', generatedAt: '2026-11-23T13:00:00+01:00', generatedBy: 'Me' });
    expect(itemForm).toContain('<title>Chain of custody — E-001 (item 1e000000)</title>');
    expect(itemForm).toContain('<h2><span class="exhibit">E-001</span> Item 1e000000 — Disk');
    expect(itemForm).toMatch(/<th>Exhibit number<\/th><td><strong class="exhibit">E-001<\/strong><\/td><\/tr><tr><th>Item id<\/th><td><span class="mono">1e000000-0000-4000-8000-000000000001</);
    const caseForm = renderCustodyForm({ caseId: 'c1', caseTitle: 'Case', site: 'HQ', items, scope: 'case', generatedAt: '2026-11-23T13:00:00+01:00', generatedBy: 'Me' });
    expect(caseForm).toMatch(/<th>Exhibit<\/th><th>Item<\/th>/);
    expect(caseForm).toContain('<td class="nowrap"><strong>E-001</strong></td><td class="mono nowrap">1e000000</td>');
  });

  it('says so when a case has no evidence', () => {
    expect(renderCustodyForm({ caseId: 'c1', caseTitle: 'Empty', site: '', items: [], scope: 'case', generatedAt: 'now', generatedBy: 'Me' })).toContain('No evidence items are registered in this case.');
  });
});

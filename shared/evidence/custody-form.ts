/**
 * The chain-of-custody form: a complete, printable, self-contained HTML
 * document for one evidence item or for every item of a case — the item's
 * fields, its files with their digests and verification results, every
 * custody entry (flags shown where they occur), exports, and lines for the
 * handlers' signatures. Every value is escaped; the document carries a CSP
 * that forbids scripts and any outside resource, so it can be opened or
 * printed anywhere. (PDF: print this document; the desktop app can use
 * Chromium's print-to-PDF.)
 */
import type { CustodyEntry } from './custody';
import { formatBytes } from './describe';
import type { EvidenceFileState, EvidenceItemState } from './evidence-fold';
import { evidenceTypeLabels } from './evidence-payloads';

export type CustodyFormInput = {
  caseId: string;
  caseTitle: string;
  site: string;
  /** The items to include, in order: one for an item's form, all for the case's. */
  items: readonly EvidenceItemState[];
  scope: 'item' | 'case';
  generatedAt: string;
  generatedBy: string;
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const e = escapeHtml;
const short = (id: string) => id.slice(0, 8);

const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111; margin: 0 auto; max-width: 290mm; padding: 8mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 2px solid #111; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #777; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.nowrap { white-space: nowrap; word-break: normal; }
th { background: #eee; font-weight: 600; }
table.fields th { width: 42mm; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; word-break: break-all; }
.meta { color: #444; margin-bottom: 4mm; }
.alert { border: 2px solid #b00020; background: #fde7ea; color: #7a0014; padding: 2mm 3mm; margin: 2mm 0; font-weight: 600; }
.warn { border: 2px solid #b26a00; background: #fff4e0; color: #5c3700; padding: 2mm 3mm; margin: 2mm 0; }
.flag { color: #7a0014; font-weight: 600; }
.ok { color: #0a5c2b; font-weight: 600; } .bad { color: #b00020; font-weight: 700; }
.exhibit { font-variant-numeric: tabular-nums; letter-spacing: 0.02em; }
h2 .exhibit { border: 2px solid #111; padding: 0 2mm; margin-right: 2mm; }
.struck { text-decoration: line-through; color: #666; }
.sign { height: 11mm; width: 26mm; }
.item { page-break-before: always; } .item.first { page-break-before: auto; }
.signatures td { height: 14mm; }
footer { margin-top: 6mm; color: #555; font-size: 8.5pt; }
@media screen { body { background: #fafafa; } }
`;

const actionLabels: Record<CustodyEntry['kind'], string> = {
  collected: 'Collected',
  transferred: 'Transferred',
  accessed: 'Accessed',
  attached: 'File stored',
  verified: 'Verified',
  exported: 'Exported',
  'intake-stopped': 'Intake stopped',
};

function fieldsTable(item: EvidenceItemState): string {
  const rows: [string, string][] = [
    ['Exhibit number', `<strong class="exhibit">${e(item.exhibit)}</strong>`],
    ['Item id', `<span class="mono">${e(item.id)}</span>`],
    ['Type', e(evidenceTypeLabels[item.type])],
    ['Description', e(item.description)],
    ['Source (host or device)', e(item.source)],
    ['Location', e(item.location)],
    ['Collected by', e(item.collectedBy)],
    ['Collected at', e(item.collectedAt)],
    ['Collection method or tool', e(item.method)],
    ['Registered', `${e(item.registeredAt)} by ${e(item.registeredBy)}`],
    ['Current holder', `<strong>${e(item.holder)}</strong>`],
  ];
  return `<table class="fields">${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function verificationCell(file: EvidenceFileState): string {
  const last = file.lastVerification;
  if (!last) return 'Not re-verified since intake';
  const result = last.result === 'ok' ? '<span class="ok">OK — digest matches</span>' : `<span class="bad">FAILED (${e(last.result)})</span>`;
  const failures = file.failures > 0 ? `<br><span class="bad">${file.failures} failed verification(s) on record</span>` : '';
  return `${result}<br>${e(last.at)} by ${e(last.by)}${last.detail ? `<br>${e(last.detail)}` : ''}${failures}`;
}

function filesTable(item: EvidenceItemState): string {
  if (item.files.length === 0) return '<p>No files are attached to this item.</p>';
  const rows = item.files.map((f) => {
    const digests = [`SHA-256 ${f.sha256}`, f.sha1 ? `SHA-1 ${f.sha1}` : '', f.md5 ? `MD5 ${f.md5}` : ''].filter(Boolean).map(e).join('<br>');
    const cls = f.retracted ? ' class="struck"' : '';
    return `<tr${cls}><td>${e(f.name)}${f.retracted ? `<br>(retracted: ${e(f.retracted.reason)})` : ''}<br><span class="mono">${e(f.fileId)}</span></td><td>${e(formatBytes(f.size))}<br>${f.size} bytes</td><td class="mono">${digests}</td><td>${e(f.attachedAt)}<br>by ${e(f.attachedBy)}${f.path ? `<br>from <span class="mono">${e(f.path)}</span>` : ''}</td><td>${verificationCell(f)}</td></tr>`;
  });
  return `<table><thead><tr><th>File</th><th>Size</th><th>Digests at intake</th><th>Stored</th><th>Latest verification</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Long hex digests in (already escaped) text, set in the small monospace face that may break anywhere. */
function digests(escaped: string): string {
  return escaped.replace(/\b[0-9a-f]{32,}\b/g, (hex) => `<span class="mono">${hex}</span>`);
}

function custodyTable(item: EvidenceItemState): string {
  const rows = item.custody.map((c, index) => {
    const who = c.kind === 'transferred' ? e(c.from ?? '') : e(c.by ?? '');
    const what = [c.fileName ? `File: ${c.fileName}` : '', c.result ? `Result: ${c.result.toUpperCase()}` : '', c.detail ?? ''].filter(Boolean).map(e).map(digests).join('<br>');
    const flags = c.flags.map((f) => `<div class="flag">⚠ ${e(f.message)}</div>`).join('');
    const retracted = c.retracted ? `<div>Retracted by ${e(c.retracted.by)}: ${e(c.retracted.reason)}</div>` : '';
    // A transfer is signed by both; the collector signs as the first to receive the item.
    const released = c.kind === 'transferred' ? '' : '—';
    const received = c.kind === 'transferred' || c.kind === 'collected' ? '' : '—';
    return `<tr${c.retracted ? ' class="struck"' : ''}><td>${index + 1}</td><td>${e(c.at)}</td><td>${e(actionLabels[c.kind])}</td><td>${who}</td><td>${e(c.to ?? '')}</td><td>${e(c.place ?? '')}</td><td>${e(c.purpose ?? '')}</td><td>${e(c.condition ?? '')}</td><td>${what}${flags}${retracted}<div class="meta">Recorded ${e(c.recordedAt)} by ${e(c.recordedBy)}</div></td><td class="sign">${released}</td><td class="sign">${received}</td></tr>`;
  });
  return `<table><thead><tr><th>#</th><th>When</th><th>Action</th><th>From / by</th><th>To</th><th>Place</th><th>Purpose / method</th><th>Condition</th><th>Details</th><th>Released by (signature)</th><th>Received by (signature)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function exportsTable(item: EvidenceItemState): string {
  const rows = item.files.flatMap((f) => f.exports.map((x) => `<tr><td>${e(f.name)}</td><td>${e(x.at)}</td><td>${e(x.by)}</td><td class="mono">${e(x.to)}</td><td class="mono">${e(x.sha256)}</td></tr>`));
  if (rows.length === 0) return '';
  return `<h3>Exports</h3><table><thead><tr><th>File</th><th>When</th><th>By</th><th>Written to</th><th>SHA-256 (verified)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function alerts(item: EvidenceItemState): string {
  const out: string[] = [];
  if (item.retracted) out.push(`<div class="warn">This item was retracted by ${e(item.retracted.by)} at ${e(item.retracted.at)}: ${e(item.retracted.reason)}</div>`);
  const failed = item.files.filter((f) => f.status === 'failed');
  if (failed.length > 0) out.push(`<div class="alert">VERIFICATION FAILED for ${failed.map((f) => e(f.name)).join(', ')}: the stored content no longer matches the digest recorded at intake.</div>`);
  if (item.custodyFlags > 0) out.push(`<div class="alert">The custody record has ${item.custodyFlags} problem(s) (gaps or contradictions); see the flagged entries below.</div>`);
  if (item.conflicts.length > 0) out.push(`<div class="warn">Concurrent corrections of ${item.conflicts.map((c) => e(c.fields.join('/'))).join(', ')} disagree; the latest is shown.</div>`);
  return out.join('');
}

function itemSection(item: EvidenceItemState, first: boolean): string {
  return `<section class="item${first ? ' first' : ''}">
<h2><span class="exhibit">${e(item.exhibit)}</span> Item ${e(short(item.id))} — ${e(item.description)}</h2>
${alerts(item)}
${fieldsTable(item)}
<h3>Files</h3>
${filesTable(item)}
<h3>Chain of custody</h3>
${custodyTable(item)}
${exportsTable(item)}
<h3>Handlers</h3>
<table class="signatures"><thead><tr><th>Name</th><th>Organization / role</th><th>Signature</th><th>Date and time</th></tr></thead><tbody>${'<tr><td></td><td></td><td></td><td></td></tr>'.repeat(3)}</tbody></table>
</section>`;
}

function caseSummary(items: readonly EvidenceItemState[]): string {
  const rows = items.map(
    (i) =>
      `<tr${i.retracted ? ' class="struck"' : ''}><td class="nowrap"><strong>${e(i.exhibit)}</strong></td><td class="mono nowrap">${e(short(i.id))}</td><td>${e(i.description)}</td><td>${e(evidenceTypeLabels[i.type])}</td><td>${e(i.collectedAt)}</td><td>${e(i.holder)}</td><td>${i.files.length}</td><td>${i.status === 'failed' ? '<span class="bad">FAILED</span>' : e(i.status)}</td><td>${i.custodyFlags > 0 ? `<span class="bad">${i.custodyFlags}</span>` : '0'}</td></tr>`,
  );
  return `<h2>Items</h2><table><thead><tr><th>Exhibit</th><th>Item</th><th>Description</th><th>Type</th><th>Collected at</th><th>Holder</th><th>Files</th><th>Verification</th><th>Custody problems</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderCustodyForm(input: CustodyFormInput): string {
  const title = input.scope === 'item' && input.items[0] ? `Chain of custody — ${input.items[0].exhibit} (item ${short(input.items[0].id)})` : `Chain of custody — ${input.caseTitle}`;
  const body = input.items.length === 0 ? '<p>No evidence items are registered in this case.</p>' : input.items.map((item, i) => itemSection(item, i === 0 && input.scope === 'item')).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Chain of custody</h1>
<div class="meta">Case <strong>${e(input.caseTitle)}</strong> (<span class="mono">${e(input.caseId)}</span>)${input.site ? ` — site ${e(input.site)}` : ''}<br>
Generated ${e(input.generatedAt)} by ${e(input.generatedBy)} with Outpost. ${input.items.length} item(s).</div>
${input.scope === 'case' && input.items.length > 0 ? caseSummary(input.items) : ''}
${body}
<footer>Digests are computed when a file enters the vault (SHA-256, and SHA-1/MD5 where asked for) and re-checked on every verification and export. Times are as entered, with their offset from UTC; “recorded” times are UTC.</footer>
</body>
</html>
`;
}

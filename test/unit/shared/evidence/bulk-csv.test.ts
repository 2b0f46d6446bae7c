import { describe, expect, it } from 'vitest';
import { bulkIssues, previewBulk, type BulkContext, type BulkPreview } from '../../../../shared/evidence/bulk';
import { csvCell, parseCsv, toCsv } from '../../../../shared/evidence/csv';
import { parseDateTime } from '../../../../shared/evidence/record-input';

const SYSTEM = '5e000000-0000-4000-8000-000000000001';
const ITEM = '1e000000-0000-4000-8000-00000000000a';
const context: BulkContext = {
  systems: [{ id: SYSTEM, hostName: 'WS-042', addresses: ['10.0.0.42'] }],
  itemIds: [ITEM],
  indicatorKeys: new Set(['domain known.example']),
};
const targets = { systemIds: new Set([SYSTEM]), itemIds: new Set([ITEM]) };

function preview(kind: Parameters<typeof previewBulk>[0], text: string): BulkPreview {
  const result = previewBulk(kind, text, context, targets);
  if (!result.ok) throw new Error(result.message);
  return result.preview;
}

describe('pasted plain rows', () => {
  it('count a value that looks like an IPv4 address but is none as a bad row', () => {
    const rows = ['203.0.113.7', 'evil.example', '300.2.3.4', 'hxxp://evil[.]example/x'].join('\n');
    const result = preview('indicator', rows);
    expect(result).toMatchObject({ good: 3, bad: 1 });
    expect(result.rows.find((r) => !r.ok)).toMatchObject({ ok: false });
  });
});

describe('CSV', () => {
  it('quotes as RFC 4180 says and neutralizes formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(toCsv([['a', 'b'], ['1', '2']])).toBe('a,b\r\n1,2\r\n');
  });

  it('reads back what it writes, formulas included', () => {
    const rows = [['Value', 'Note'], ['=cmd|/c calc', 'a "quoted", multi\nline'], ['-1', '@x']];
    const parsed = parseCsv(toCsv(rows));
    expect(parsed).toEqual({ ok: true, rows, delimiter: ',' });
  });

  it('takes tabs from a spreadsheet, semicolons and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa\tb\r\n1\t2\r\n')).toMatchObject({ ok: true, rows: [['a', 'b'], ['1', '2']], delimiter: '\t' });
    expect(parseCsv('a;b\n1;2')).toMatchObject({ ok: true, rows: [['a', 'b'], ['1', '2']], delimiter: ';' });
    expect(parseCsv('a,b\n"unclosed,2\n')).toMatchObject({ ok: false });
  });

  it('reads date-times leniently but requires a time zone', () => {
    expect(parseDateTime('2026-11-23 14:05 +01:00')).toEqual({ ok: true, value: '2026-11-23T14:05:00+01:00' });
    expect(parseDateTime('2026-11-23T14:05:09 UTC')).toEqual({ ok: true, value: '2026-11-23T14:05:09Z' });
    expect(parseDateTime('2026-11-23 14:05:09+0100')).toEqual({ ok: true, value: '2026-11-23T14:05:09+01:00' });
    expect(parseDateTime('')).toEqual({ ok: true, value: '' });
    expect(parseDateTime('2026-11-23 14:05')).toMatchObject({ ok: false, message: expect.stringMatching(/no time zone/) as unknown });
    expect(parseDateTime('yesterday')).toMatchObject({ ok: false });
  });
});

describe('bulk paste', () => {
  it('validates every row, numbering rows as the spreadsheet does, and names each problem', () => {
    const text = [
      'Type\tIndicator\tTLP\tFirst seen\tSystems\tEvidence\tColour',
      'IP\t1.2.3[.]4\tTLP:RED\t2026-11-23 08:00 Z\tws-042\t1e000000\tblue',
      '',
      'sha256\tabc\t\t\t\t\tred',
      'domain\tevil[.]com\tpurple\tyesterday\tWS-999\t\t',
      'url\thxxp://evil[.]com/a\twhite\t\t10.0.0[.]42\t\t',
      'domain\tknown.example\t\t\t\t\t',
      'ip\t1.2.3.4\t\t\t\t\t',
    ].join('\n');
    const result = preview('indicator', text);
    expect(result.columns.map((c) => c.key)).toEqual(['type', 'value', 'tlp', 'firstSeen', 'systemIds', 'itemIds', null]);
    expect(result).toMatchObject({ good: 2, bad: 2, duplicates: 2 });
    expect(result.rows.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [4, false],
      [5, false],
      [6, true],
      [7, true],
      [8, true],
    ]);
    expect(result.rows[0]).toMatchObject({ ok: true, fields: { type: 'ipv4', value: '1.2.3.4', original: '1.2.3[.]4', tlp: 'red', firstSeen: '2026-11-23T08:00:00Z', systemIds: [SYSTEM], itemIds: [ITEM] } });
    expect(result.rows[3]).toMatchObject({ fields: { type: 'url', value: 'http://evil.com/a', tlp: 'clear', systemIds: [SYSTEM] } });
    expect(result.rows[4]).toMatchObject({ duplicate: 'Already recorded in this case' });
    expect(result.rows[5]).toMatchObject({ duplicate: 'Repeats an earlier row' });
    const issues = bulkIssues(result);
    expect(issues).toContainEqual({ path: 'row 4', message: expect.stringMatching(/has 3 hex digits/) as unknown });
    expect(issues).toContainEqual({ path: 'row 5', message: 'No system “WS-999” in this case' });
    expect(issues.some((i) => i.path === 'row 5' && /TLP/.test(i.message))).toBe(true);
    expect(issues.some((i) => i.path === 'row 5' && /yesterday/.test(i.message))).toBe(true);
  });

  it('takes a plain list of indicators without a header', () => {
    const result = preview('indicator', 'hxxp://evil[.]com\n1.2.3[.]4\nd41d8cd98f00b204e9800998ecf8427e\n');
    expect(result.headerless).toBe(true);
    expect(result.rows.map((r) => (r.ok ? (r.fields as { type: string }).type : 'bad'))).toEqual(['url', 'ipv4', 'md5']);
  });

  it('reads the other grids, with their defaults', () => {
    const systems = preview('system', 'Host name,IP addresses,OS,State\nDC01,"10.0.0.1, 10.0.0.2",Windows Server 2022,Contained\n,,,\n,fe80::1%1,,\n');
    expect(systems.rows[0]).toMatchObject({ ok: true, fields: { hostName: 'DC01', addresses: ['10.0.0.1', '10.0.0.2'], state: 'contained', role: '' } });
    expect(systems.rows[1]).toMatchObject({ ok: false, row: 4 });
    const accounts = preview('account', 'Account\tState\nCORP\\svc-backup\tcompromised\n');
    expect(accounts.rows[0]).toMatchObject({ ok: true, fields: { name: 'svc-backup', domain: 'CORP', state: 'compromised', kind: 'other' } });
    const malware = preview('malware', 'Name,Hash,Category\nMimikatz,SHA1:DA39A3EE5E6B4B0D3255BFEF95601890AFD80709,tool\n');
    expect(malware.rows[0]).toMatchObject({ ok: true, fields: { category: 'tool', hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' } });
    const exfil = preview('exfiltration', 'What data,To,When,Size\nHR records,mega.nz,2026-11-20T03:00:00Z,2.3 GB\n');
    expect(exfil.rows[0]).toMatchObject({ ok: true, fields: { data: 'HR records', to: 'mega.nz', at: '2026-11-20T03:00:00Z', size: '2.3 GB' } });
  });

  it('refuses a paste it cannot read as a whole', () => {
    expect(previewBulk('system', 'foo,bar\n1,2', context, targets)).toMatchObject({ ok: false, message: expect.stringMatching(/first row must name the columns/) as unknown });
    expect(previewBulk('account', 'State\ncompromised', context, targets)).toMatchObject({ ok: false, message: 'A column “Account” is needed' });
    expect(previewBulk('indicator', '', context, targets)).toMatchObject({ ok: false });
  });
});

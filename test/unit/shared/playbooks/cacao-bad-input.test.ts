import { describe, expect, it } from 'vitest';
import { exportCacaoJson } from '../../../../shared/playbooks/cacao/export';
import { importCacao } from '../../../../shared/playbooks/cacao/import';
import { MAX_FILE_BYTES } from '../../../../shared/playbooks/model';

const S = 'start--11111111-1111-4111-8111-111111111111';
const A1 = 'action--22222222-2222-4222-8222-222222222222';
const A2 = 'action--33333333-3333-4333-8333-333333333333';
const E = 'end--44444444-4444-4444-8444-444444444444';

/** A small valid CACAO 2.0 playbook to break in different ways. */
export function sample(overrides: Record<string, unknown> = {}, steps: Record<string, Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    type: 'playbook',
    spec_version: 'cacao-2.0',
    id: 'playbook--55555555-5555-4555-8555-555555555555',
    name: 'Sample',
    created_by: 'identity--66666666-6666-4666-8666-666666666666',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    workflow_start: S,
    workflow: {
      [S]: { type: 'start', on_completion: A1 },
      [A1]: { type: 'action', name: 'First', commands: [{ type: 'manual', command: 'Do the first thing' }], agent: 'group--77777777-7777-4777-8777-777777777777', on_completion: A2 },
      [A2]: { type: 'action', name: 'Second', commands: [{ type: 'manual', command: 'Do the second thing' }], agent: 'group--77777777-7777-4777-8777-777777777777', on_completion: E },
      [E]: { type: 'end' },
      ...steps,
    },
    agent_definitions: { 'group--77777777-7777-4777-8777-777777777777': { type: 'group', name: 'IT staff' } },
    ...overrides,
  };
}

function issuesOf(text: string): string[] {
  const result = importCacao(text);
  if (result.ok) throw new Error('expected the import to be refused');
  expect(result.issues.length).toBeGreaterThan(0);
  return result.issues.map((i) => i.message);
}

describe('CACAO import of bad or hostile files', () => {
  it('accepts the sample as it is', () => {
    const result = importCacao(JSON.stringify(sample()));
    expect(result.ok && result.playbook.steps.map((s) => [s.title, s.role])).toEqual([
      ['First', 'IT staff'],
      ['Second', 'IT staff'],
    ]);
  });

  it('refuses a file that is not JSON', () => {
    expect(issuesOf('{"type": "playbook",')).toEqual([expect.stringMatching(/^This is not valid JSON: /)]);
    expect(issuesOf('')).toEqual([expect.stringMatching(/not valid JSON/)]);
    expect(issuesOf('[1, 2, 3]')).toEqual([expect.stringContaining('is a JSON object')]);
  });

  it('refuses another spec version, naming it', () => {
    expect(issuesOf(JSON.stringify(sample({ spec_version: 'cacao-1.0' })))).toEqual([
      'spec_version is "cacao-1.0"; Outpost reads CACAO 2.0 playbooks ("cacao-2.0") only',
    ]);
    expect(issuesOf(JSON.stringify(sample({ spec_version: undefined })))[0]).toContain('spec_version is missing');
  });

  it('refuses a cycle in the workflow and names the steps in it', () => {
    const doc = sample({}, { [A2]: { type: 'action', name: 'Second', commands: [{ type: 'manual', command: 'x' }], on_completion: A1 } });
    expect(issuesOf(JSON.stringify(doc))).toEqual([
      `The workflow has a cycle: Step “First” (${A1}) → Step “Second” (${A2}) → Step “First” (${A1}). CACAO repeats steps with a while-condition, not by linking back`,
    ]);
  });

  it('refuses steps that point nowhere', () => {
    const doc = sample({}, { [A2]: { type: 'action', name: 'Second', commands: [{ type: 'manual', command: 'x' }], on_completion: 'end--99999999-9999-4999-8999-999999999999' } });
    expect(issuesOf(JSON.stringify(doc))).toEqual([
      `Step “Second” (${A2}): on_completion points to end--99999999-9999-4999-8999-999999999999, which is not a step of the workflow`,
    ]);
    expect(issuesOf(JSON.stringify(sample({ workflow_start: 'start--00000000-0000-4000-8000-000000000000' })))).toEqual([
      'workflow_start is "start--00000000-0000-4000-8000-000000000000", which is not a step of the workflow',
    ]);
  });

  it('lists every problem at once, not just the first', () => {
    const doc = sample(
      { spec_version: 'cacao-1.1', type: 'bundle' },
      {
        [A2]: { type: 'action', name: 'Second', on_completion: A1 },
        'action--88888888-8888-4888-8888-888888888888': { type: 'teleport', on_completion: E },
        [E]: { type: 'end' },
        'if-condition--99999999-9999-4999-8999-999999999999': { type: 'if-condition', condition: 'x', on_true: 'action--00000000-0000-4000-8000-00000000dead', on_completion: E },
      },
    );
    const messages = issuesOf(JSON.stringify(doc));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('type is "bundle"'),
        expect.stringContaining('spec_version is "cacao-1.1"'),
        expect.stringContaining('unknown type "teleport"'),
        expect.stringContaining('on_true points to action--00000000-0000-4000-8000-00000000dead'),
        expect.stringContaining('The workflow has a cycle'),
      ]),
    );
  });

  it('refuses a file over 5 MB, and any single text over 100,000 characters, without parsing the rest', () => {
    const huge = JSON.stringify(sample({ description: 'x'.repeat(10 * 1024 * 1024) }));
    expect(issuesOf(huge)).toEqual([`The playbook file is 10.0 MB or more; at most 5.0 MB (${MAX_FILE_BYTES} bytes) can be imported`]);
    const long = JSON.stringify(sample({ description: 'y'.repeat(200_000) }));
    expect(issuesOf(long)).toEqual(['Text at description has 200,000 characters; at most 100,000 are allowed']);
    const longKey = JSON.stringify(sample({ ['k'.repeat(150_000)]: 1 }));
    expect(issuesOf(longKey)[0]).toMatch(/^A property name at k+ has 150,000 characters/);
  });

  it('refuses invalid characters, __proto__ keys and absurd nesting', () => {
    expect(issuesOf(JSON.stringify(sample()).replace('"Sample"', '"Sam\\ud800ple"'))).toEqual(['Text at name contains an invalid character (a lone UTF-16 surrogate)']);
    expect(issuesOf(JSON.stringify(sample()).replace('"labels_', '"x').replace(/^\{/, '{"__proto__": {"polluted": true},'))).toEqual([
      'The property name "__proto__" is not allowed (at the top level)',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const deep = JSON.stringify(sample({ labels: JSON.parse('['.repeat(100) + ']'.repeat(100)) as unknown }));
    expect(issuesOf(deep)[0]).toMatch(/^Nested more than 64 levels deep at labels/);
  });

  it('keeps script and HTML as inert text, with a warning, and writes it back unchanged', () => {
    const script = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
    const doc = sample({ name: script }, { [A1]: { type: 'action', name: 'First', description: `Click <a href="javascript:alert(1)">here</a>`, commands: [{ type: 'manual', command: script }], agent: 'group--77777777-7777-4777-8777-777777777777', on_completion: A2 } });
    const result = importCacao(JSON.stringify(doc));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.playbook.title).toBe(script);
    const first = result.playbook.steps[0];
    expect(first?.kind === 'task' && first.instructions).toBe(script);
    expect(result.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['name', `workflow.${A1}.description`, `workflow.${A1}.commands.0.command`]));
    expect(result.warnings[0]?.message).toContain('kept as plain text');
    expect(JSON.parse(exportCacaoJson(result.playbook))).toEqual(doc);
  });
});

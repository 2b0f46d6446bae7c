import { describe, expect, it } from 'vitest';
import { exportCacao, exportCacaoJson } from '../../../../shared/playbooks/cacao/export';
import { assignCacaoIds } from '../../../../shared/playbooks/cacao/ids';
import { importCacao } from '../../../../shared/playbooks/cacao/import';
import type { Playbook } from '../../../../shared/playbooks/model';
import { validatePlaybook } from '../../../../shared/playbooks/validate';
import { uuidSource } from '../events/support';
import { builtinPlaybooks } from '../../../../shared/playbooks/library/index';
import { cacaoValidator, haveFixtures, skipReason } from './cacao-fixtures';

const builtins = builtinPlaybooks.map((p) => [p.id, p] as const);

/** A playbook as the app's editor creates it: no CACAO ids at all. */
const authored: Playbook = {
  id: 'local.00000000-0000-4000-8000-00000000beef',
  version: 1,
  title: 'USB stick found in the car park',
  categories: ['malicious-code'],
  steps: [
    { kind: 'task', id: 'bag', title: 'Put it in a bag, unplugged', phase: 'contain', instructions: 'Do not plug it in anywhere.', role: 'Reception', evidence: 'Who found it, where, when.' },
    {
      kind: 'decision',
      id: 'plugged',
      title: 'Was it plugged into a computer?',
      phase: 'verify',
      mode: 'if',
      condition: 'Someone plugged it in',
      branches: [
        { key: 'true', label: 'Yes', steps: [{ kind: 'task', id: 'isolate', title: 'Isolate that computer', phase: 'contain', instructions: 'Unplug the network cable.', role: 'IT administrator' }] },
        { key: 'false', label: 'No', steps: [] },
      ],
    },
    { kind: 'repeat', id: 'ask-around', title: 'Ask around', phase: 'analyze', condition: 'More people to ask', steps: [{ kind: 'task', id: 'ask', title: 'Ask one colleague', phase: 'analyze', instructions: 'Did you see who dropped it?', role: 'Reception' }] },
  ],
};

describe('CACAO export of the built-in library', () => {
  it.each(builtins)('%s: export → import → export gives the same bytes and the same checklist', (_id, playbook) => {
    const first = exportCacaoJson(playbook);
    const imported = importCacao(first);
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
    expect(imported.warnings).toEqual([]);
    expect(imported.unrenderable).toEqual([]);
    expect(exportCacaoJson(imported.playbook)).toBe(first);
    // Nothing the checklist shows is lost on the way.
    const { cacao: _a, ...shown } = playbook;
    const { cacao: _b, ...back } = imported.playbook;
    expect(back).toEqual(shown);
  });

  it.each(builtins)('%s: every action has a manual command and an agent; every step a name', (_id, playbook) => {
    const doc = exportCacao(playbook);
    const workflow = doc['workflow'] as Record<string, Record<string, unknown>>;
    for (const [id, step] of Object.entries(workflow)) {
      if (step['type'] === 'action') {
        expect(step['commands'], id).toMatchObject([{ type: 'manual' }]);
        expect(step['agent'], id).toMatch(/^group--/);
      }
      if (!['start', 'end'].includes(step['type'] as string)) expect(step['name'], id).toBeTruthy();
    }
  });

  it('gives a playbook written in the app its CACAO ids on save, and exports it stably', () => {
    const saved = assignCacaoIds(authored, uuidSource(0xbe), '2026-11-23T10:00:00.000Z');
    expect(validatePlaybook(saved).ok).toBe(true);
    expect(saved.cacao).toMatchObject({ created: '2026-11-23T10:00:00.000Z', start: { id: expect.stringMatching(/^start--/) as string }, agents: [{ role: 'Reception' }, { role: 'IT administrator' }] });
    const decision = saved.steps[1];
    expect(decision?.kind === 'decision' && decision.branches.map((b) => b.tail?.end?.id.slice(0, 5))).toEqual(['end--', 'end--']);
    // Ids already there are kept.
    expect(assignCacaoIds(saved, uuidSource(0xbf), '2026-11-24T10:00:00.000Z')).toEqual(saved);
    const first = exportCacaoJson(saved);
    const again = importCacao(first);
    expect(again.ok && exportCacaoJson(again.playbook)).toBe(first);
  });

  describe.skipIf(!haveFixtures)('against the CACAO 2.0 CS01 JSON schemas', () => {
    const validate = haveFixtures ? cacaoValidator() : () => ({ valid: false, errors: [skipReason] });
    it('a playbook written in the app validates once saved', () => {
      const result = validate(JSON.parse(exportCacaoJson(assignCacaoIds(authored, uuidSource(0xbe), '2026-11-23T10:00:00.000Z'))));
      expect(result.errors).toEqual([]);
    });

    it.each(builtins)('%s validates', (_id, playbook) => {
      const result = validate(JSON.parse(exportCacaoJson(playbook)));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { builtinPlaybooks } from '../../../../shared/playbooks/library/index';
import { phaseIds } from '../../../../shared/playbooks/model';
import { defaultLists } from '../../../../shared/playbooks/team';
import { validatePlaybook } from '../../../../shared/playbooks/validate';
import { visitSteps } from '../../../../shared/playbooks/walk';

const expected = [
  'builtin.unknown-incident',
  'builtin.phishing',
  'builtin.malware-outbreak',
  'builtin.compromised-host',
  'builtin.denial-of-service',
  'builtin.data-theft',
  'builtin.insider-misuse',
  'builtin.lost-device',
];

describe('built-in playbook library', () => {
  it('has the eight response plans', () => {
    expect(builtinPlaybooks.map((p) => p.id)).toEqual(expected);
  });

  it.each(builtinPlaybooks.map((p) => [p.id, p] as const))('%s is valid, complete and written for non-experts', (_id, playbook) => {
    const result = validatePlaybook(playbook);
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(playbook.audience?.length).toBeGreaterThan(40);
    expect(playbook.categories.length).toBeGreaterThan(0);
    const visits = visitSteps(playbook.steps);
    expect(visits.length).toBeGreaterThanOrEqual(10);
    for (const { step } of visits) {
      // Every step says who does it and what to record.
      expect(step.role, step.id).toBeTruthy();
      expect(step.evidence?.length, step.id).toBeGreaterThan(10);
      if (step.kind === 'task') expect(step.instructions.length, step.id).toBeGreaterThan(40);
      for (const list of [...(step.notify ?? []), ...(step.escalate ? [step.escalate] : [])]) {
        expect(defaultLists.map((l) => l.id), `${step.id} names list ${list}`).toContain(list);
      }
    }
    const phases = new Set(visits.map((v) => v.step.phase));
    for (const phase of ['verify', 'contain', 'notify', 'recover', 'follow-up', 'improve'] as const) {
      if (playbook.id !== 'builtin.unknown-incident') expect(phases.has(phase), `${playbook.id} has ${phase}`).toBe(true);
    }
    expect([...phases].every((p) => phaseIds.includes(p))).toBe(true);
  });

  it('gives the phishing plan a credentials decision and steps that may be skipped', () => {
    const phishing = builtinPlaybooks.find((p) => p.id === 'builtin.phishing');
    const visits = visitSteps(phishing?.steps ?? []);
    const decision = visits.find((v) => v.step.kind === 'decision')?.step;
    expect(decision?.title).toBe('Did anyone enter credentials or open the attachment?');
    expect(decision?.kind === 'decision' && decision.branches.map((b) => b.label)).toEqual(['Yes', 'No']);
    expect(visits.filter((v) => v.step.optional).length).toBeGreaterThanOrEqual(3);
  });

  it('asks the decisions of the process map: every plan has one, the malware plan "still encrypting?" first and "paying?" with an escalation', () => {
    for (const p of builtinPlaybooks) expect(visitSteps(p.steps).some((v) => v.step.kind === 'decision'), p.id).toBe(true);
    const malware = builtinPlaybooks.find((p) => p.id === 'builtin.malware-outbreak');
    expect(malware?.steps[0]).toMatchObject({ kind: 'decision', title: 'Are files being encrypted right now?' });
    const ransom = visitSteps(malware?.steps ?? []).find((v) => v.step.id === 'mal-ransom')?.step;
    expect(ransom?.kind === 'decision' && ransom.branches[0]?.steps[0]).toMatchObject({ escalate: 'escalation', notify: ['management', 'legal'] });
  });

  it('uses every kind of step somewhere: decisions (if and switch), parallel, repeat, links', () => {
    const kinds = new Set(builtinPlaybooks.flatMap((p) => visitSteps(p.steps).map((v) => (v.step.kind === 'decision' ? `decision:${v.step.mode}` : v.step.kind))));
    expect([...kinds].sort()).toEqual(['decision:if', 'decision:switch', 'parallel', 'playbook', 'repeat', 'task']);
  });

  it('links only to built-ins that exist', () => {
    for (const p of builtinPlaybooks) {
      for (const { step } of visitSteps(p.steps)) {
        if (step.kind !== 'playbook') continue;
        const target = builtinPlaybooks.find((b) => b.id === step.target.playbookId);
        expect(target?.cacao?.id).toBe(step.target.cacaoId);
      }
    }
  });

  it('never reuses a CACAO id across the library', () => {
    const ids: string[] = [];
    for (const p of builtinPlaybooks) {
      const c = p.cacao;
      ids.push(c?.id ?? '', c?.start?.id ?? '', ...(c?.agents ?? []).map((a) => a.id));
      for (const { step } of visitSteps(p.steps)) ids.push(step.cacao?.id ?? '');
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

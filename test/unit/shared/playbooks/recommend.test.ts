import { describe, expect, it } from 'vitest';
import { builtinPlaybooks } from '../../../../shared/playbooks/library';
import { rankPlaybooks } from '../../../../shared/playbooks/recommend';

describe('rankPlaybooks', () => {
  it('puts the playbook written for the category first, with the reason, and keeps the whole library', () => {
    const ranked = rankPlaybooks(builtinPlaybooks, 'malicious-code');
    expect(ranked[0]).toMatchObject({ playbook: { title: 'Malware outbreak' }, best: true, why: 'Written for malicious code cases, like this one.' });
    expect(ranked.filter((c) => c.why !== null)).toHaveLength(1);
    expect(ranked.map((c) => c.playbook.id).sort()).toEqual(builtinPlaybooks.map((p) => p.id).sort());
    // The rest by title.
    const rest = ranked.slice(1).map((c) => c.playbook.title);
    expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b)));
  });

  it('puts a playbook for this category alone before one written for several', () => {
    const ranked = rankPlaybooks(builtinPlaybooks, 'fraud');
    expect(ranked.slice(0, 2).map((c) => c.playbook.title)).toEqual(['Phishing', 'Insider misuse']);
    expect(ranked.map((c) => c.best)).toEqual([true, ...ranked.slice(1).map(() => false)]);
    expect(ranked[1]?.why).toBe('Also written for fraud cases, among others.');
  });

  it('recommends the triage playbook when nothing is written for the category', () => {
    const ranked = rankPlaybooks(builtinPlaybooks, 'vulnerable');
    expect(ranked[0]?.playbook.id).toBe('builtin.unknown-incident');
    expect(ranked[0]?.why).toContain('No playbook is written for vulnerable cases');
    expect(ranked.filter((c) => c.why !== null)).toHaveLength(1);
  });
});

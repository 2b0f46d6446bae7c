import { describe, expect, it } from 'vitest';
import { exportCacao, exportCacaoJson } from '../../../../shared/playbooks/cacao/export';
import { importCacao, type CacaoImport } from '../../../../shared/playbooks/cacao/import';
import type { Playbook } from '../../../../shared/playbooks/model';
import { visitSteps } from '../../../../shared/playbooks/walk';
import { fixturePlaybooks, haveFixtures, skipReason } from './cacao-fixtures';

const fixtures = fixturePlaybooks();

function load(name: string): Extract<CacaoImport, { ok: true }> {
  const fixture = fixtures.find((f) => f.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  const result = importCacao(fixture.text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result;
}

const kinds = (p: Playbook) => visitSteps(p.steps).map((v) => `${'  '.repeat(v.depth)}${v.step.kind === 'decision' ? `decision:${v.step.mode}` : v.step.kind}`);

describe.skipIf(!haveFixtures)('CACAO import of real playbooks written by others', () => {
  it('finds the seven playbooks of the fixtures', () => {
    expect(fixtures).toHaveLength(7);
  });

  it.each(fixtures.map((f) => [f.name, f.text] as const))('%s: imports, and writes back exactly what came in', (_name, text) => {
    const result = importCacao(text);
    if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
    // Everything is kept: what the checklist shows and what it does not.
    expect(exportCacao(result.playbook)).toEqual(JSON.parse(text));
    const again = importCacao(exportCacaoJson(result.playbook));
    expect(again.ok && exportCacaoJson(again.playbook)).toBe(exportCacaoJson(result.playbook));
  });

  it('imports the two playbooks that break the CACAO schema with a list of warnings', () => {
    const layout = load('oasis-tcs-cacao--layout-example-switch-condition.json');
    const messages = layout.warnings.map((w) => w.message);
    expect(messages).toContain('Step “switch case example” (switch-condition--72c55a11-5091-4714-8050-baa854d72eda) has no switch expression (CACAO requires one)');
    expect(messages.filter((m) => m.endsWith('has no commands (CACAO requires at least one)'))).toHaveLength(4);
    expect(messages.filter((m) => m.endsWith('names no agent (CACAO requires one)'))).toHaveLength(4);

    const soarca = load('soarca--docs-executable-playbooks-example.json');
    expect(soarca.warnings.map((w) => w.message).filter((m) => m.endsWith('names no agent (CACAO requires one)'))).toHaveLength(3);
  });

  it('shows a switch-condition as a decision with one branch per case', () => {
    const { playbook } = load('oasis-tcs-cacao--layout-example-switch-condition.json');
    expect(kinds(playbook)).toEqual(['decision:switch', '  task', '  task', '  task', 'task']);
    const decision = playbook.steps[0];
    expect(decision?.kind === 'decision' && decision.branches.map((b) => [b.key, b.label, b.steps.map((s) => s.title)])).toEqual([
      ['1', '1', ['Handle case 1']],
      ['2', '2', ['Handle case 2']],
      ['default', 'default', ['Handle default case']],
    ]);
  });

  it('shows a while-condition as a repeatable group, and an if-condition as a yes/no decision', () => {
    const { playbook, unrenderable } = load('soarca--docs-executable-playbooks-example.json');
    expect(kinds(playbook)).toEqual(['task', 'decision:if', '  task', '  repeat', '    task', '  task']);
    const repeat = visitSteps(playbook.steps).find((v) => v.step.kind === 'repeat')?.step;
    expect(repeat).toMatchObject({ title: 'While the counter is not 5', condition: "__soarca_ssh_result__:value != '5'" });
    // The ssh, http-api and openc2 commands are not instructions a person follows: kept, and the user is told.
    const whats = unrenderable.map((u) => u.what);
    expect(whats).toEqual(expect.arrayContaining(['ssh command “date -I | tr -d "\\n"”', 'openc2-http command “POST /openc2-api/ HTTP/1.1”', 'playbook variables: __target_ip__, __openc2_actuator_ip__']));
  });

  it('shows parallel branches, and keeps steps the start does not reach', () => {
    const parallel = load('soarca--test-parallels-playbook.json');
    expect(kinds(parallel.playbook)).toEqual(['parallel', '  task']);
    expect(parallel.unrenderable).toEqual(expect.arrayContaining([{ where: 'Playbook', what: 'authentication information (may hold credentials): http-basic--76c26f7f-9a15-40ff-a90a-7b19e23372ae' }]));
    const caldera = load('soarca--caldera-flow-control.json');
    expect(caldera.warnings.map((w) => w.message)).toContain('1 step(s) cannot be reached from the start; they are kept but not shown');
    expect(caldera.playbook.cacao?.orphans).toEqual({ 'end--48d7d487-3c8a-4651-bbc2-40c519e2b9f7': { type: 'end' } });
  });

  it('takes manual commands as instructions and the agent as who does it', () => {
    const { playbook, warnings } = load('oasis-tcs-cacao--spec-3.1-example.json');
    expect(warnings).toEqual([]);
    expect(playbook.steps).toMatchObject([{ kind: 'task', title: 'IP Lookup', instructions: 'Look up IP __data_exfil_site__:value in SIEM', role: 'IR team', phase: 'analyze' }]);
    const misp = load('misp-playbooks--malware-triage.json');
    expect(misp.playbook.steps).toHaveLength(26);
    expect(misp.playbook.steps.every((s) => s.role === 'MISP playbook users')).toBe(true);
  });
});

if (!haveFixtures) console.info(`Skipped the CACAO fixture tests: ${skipReason}`);

import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../../shared/api/errors';
import { OUTPOST_EXTENSION_ID, OUTPOST_EXTENSION_TYPE } from '../../../../shared/playbooks/cacao/common';
import { readPlaybookExtension, readStepExtension } from '../../../../shared/playbooks/cacao/extension';

const here = 'workflow.x.step_extensions.ext';
const playbookWhere = `playbook_extensions.${OUTPOST_EXTENSION_ID}`;

describe('the Outpost step extension as read on import', () => {
  it('keeps every usable property as it stands', () => {
    const entry = {
      type: OUTPOST_EXTENSION_TYPE,
      step_id: 'get-facts.1',
      phase: 'contain',
      role: 'Mail admin',
      evidence: 'The message as .eml',
      optional: true,
      notify: ['legal', 'dpo'],
      escalate: 'management',
      branch_labels: { yes: 'Yes, it was opened', no: 'No' },
      link_id: 'outpost.lost-device',
    };
    const warnings: Issue[] = [];
    const { type: _type, ...fields } = entry;
    expect(readStepExtension(entry, here, warnings)).toEqual(fields);
    expect(warnings).toEqual([]);
  });

  it('drops each unusable or unknown property with a warning, in the order they come', () => {
    const entry = {
      type: 'something-else',
      step_id: '-starts-with-a-dash',
      phase: 'celebrate',
      role: '   ',
      evidence: 42,
      optional: false,
      notify: ['Legal'],
      escalate: 'has space',
      branch_labels: { yes: '' },
      link_id: 'no-dot',
      colour: 'red',
    };
    const warnings: Issue[] = [];
    expect(readStepExtension(entry, here, warnings)).toEqual({});
    expect(warnings).toEqual([
      ...['type', 'step_id', 'phase', 'role', 'evidence', 'optional', 'notify', 'escalate', 'branch_labels', 'link_id'].map((field) => ({
        path: `${here}.${field}`,
        message: `The Outpost extension's ${field} is not usable and was ignored`,
      })),
      { path: `${here}.colour`, message: 'The Outpost extension has an unknown property colour; it was ignored' },
    ]);
  });

  it('reads nothing from no entry, and no inherited property as its own', () => {
    const warnings: Issue[] = [];
    expect(readStepExtension(undefined, here, warnings)).toEqual({});
    expect(readStepExtension(JSON.parse('{"__proto__": {"role": "x"}, "toString": "y"}') as Record<string, unknown>, here, warnings)).toEqual({});
    expect(warnings.map((w) => w.message)).toEqual([
      'The Outpost extension has an unknown property __proto__; it was ignored',
      'The Outpost extension has an unknown property toString; it was ignored',
    ]);
  });
});

describe('the Outpost playbook extension as read on import', () => {
  it('keeps every usable property as it stands', () => {
    const warnings: Issue[] = [];
    expect(readPlaybookExtension({ type: OUTPOST_EXTENSION_TYPE, playbook_id: 'outpost.phishing', version: 3, categories: ['malicious-code'], audience: 'IT staff' }, warnings)).toEqual({
      playbook_id: 'outpost.phishing',
      version: 3,
      categories: ['malicious-code'],
      audience: 'IT staff',
    });
    expect(warnings).toEqual([]);
  });

  it('drops each unusable or unknown property with a warning', () => {
    const warnings: Issue[] = [];
    const entry = { playbook_id: 'Outpost.Phishing', version: 1.5, categories: ['malicious-code', 'malicious-code'], audience: '', step_id: 'x' };
    expect(readPlaybookExtension(entry, warnings)).toEqual({});
    expect(warnings).toEqual([
      ...['playbook_id', 'version', 'categories', 'audience'].map((field) => ({
        path: `${playbookWhere}.${field}`,
        message: `The Outpost extension's ${field} is not usable and was ignored`,
      })),
      { path: `${playbookWhere}.step_id`, message: 'The Outpost extension has an unknown property step_id; it was ignored' },
    ]);
    expect(readPlaybookExtension({ version: 1_000_001 }, warnings)).toEqual({});
    expect(readPlaybookExtension({ version: 1_000_000, categories: [] }, warnings)).toEqual({ version: 1_000_000, categories: [] });
  });
});

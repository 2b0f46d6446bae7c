import { describe, expect, it } from 'vitest';
import { foldChecklists } from '../../../../shared/playbooks/checklist-fold';
import { checklistTimeline } from '../../../../shared/playbooks/checklist-timeline';
import { A, attach, builtin, decide, detach, setStep } from './checklist-builders';

describe('checklistTimeline', () => {
  it('puts steps done or blocked and answers given on the timeline, in time order, with their notes and reasons', () => {
    const runs = foldChecklists([
      attach(builtin('builtin.phishing')),
      setStep(A, 3000, 'phish-recipients', 'blocked', { reason: 'Mail admin away' }),
      setStep(A, 1000, 'phish-get-message', 'done', { note: 'disconnected 08:42' }),
      setStep(A, 2000, 'phish-report-site', 'skipped', { reason: 'Already down' }),
      decide(A, 4000, 'phish-interaction', 'true'),
    ]);
    const entries = checklistTimeline(runs);
    expect(entries.map((e) => e.text)).toEqual([
      'Done: Get the message itself, with its headers — disconnected 08:42',
      'Blocked: Find everyone who received it — Mail admin away',
      'Did anyone enter credentials or open the attachment? — Yes',
    ]);
    expect(entries.every((e) => e.run === 'Phishing' && e.actor === 'Ann')).toBe(true);
    expect(entries.map((e) => Date.parse(e.at))).toEqual([...entries.map((e) => Date.parse(e.at))].sort((a, b) => a - b));
  });

  it('leaves out a removed checklist', () => {
    const runs = foldChecklists([attach(builtin('builtin.phishing')), setStep(A, 1000, 'phish-get-message', 'done'), detach(A, 2000, 'Wrong case')]);
    expect(checklistTimeline(runs)).toEqual([]);
  });
});

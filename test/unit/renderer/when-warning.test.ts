import { describe, expect, it } from 'vitest';
import { whenWarning } from '../../../renderer/src/lib/when-warning';

const now = Date.parse('2026-12-04T12:00:00Z');
const openedAt = '2026-12-01T08:00:00Z';

describe('the warning under a When field', () => {
  it('says nothing for a time between the case opening and now, or a few minutes ahead (clocks differ)', () => {
    expect(whenWarning('2026-12-03T10:00:00+01:00', now, openedAt)).toBeNull();
    expect(whenWarning('2026-12-04T12:04:00Z', now, openedAt)).toBeNull();
  });

  it('points out a time in the future, with how far ahead', () => {
    expect(whenWarning('2027-01-04T12:00:00Z', now, openedAt)).toMatch(/^This is in the future \(in 31 days\)/);
    expect(whenWarning('2026-12-04T15:00:00Z', now)).toMatch(/in 3 hours/);
  });

  it('points out a time before the case was opened, only when the opening is known', () => {
    expect(whenWarning('2026-11-23T09:30:00+01:00', now, openedAt)).toMatch(/^This is before the case was opened/);
    expect(whenWarning('2026-11-23T09:30:00+01:00', now)).toBeNull();
  });
});

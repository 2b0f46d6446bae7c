import { describe, expect, it } from 'vitest';
import { successionProblem, type RosterDocument } from '../../../../shared/team/roster';

const coordinator = { device: 'c'.repeat(64), publicKey: 'A'.repeat(43) + '=' };
const doc = (serial: number, previous: string | null): RosterDocument => ({ format: 'outpost-team-roster', version: 1, serial, issuedAt: '2026-12-01T00:00:00.000Z', coordinator, previous, devices: [], revoked: [] });

describe('roster succession (shared/team/roster.ts)', () => {
  it('takes a first version 1 with no previous, and a later version seen first when it names one (a gap)', () => {
    expect(successionProblem(null, doc(1, null))).toBeNull();
    expect(successionProblem(null, doc(5, 'a'.repeat(64)))).toBeNull();
  });

  it('refuses version 1 naming a previous version, and a later version naming none', () => {
    expect(successionProblem(null, doc(1, 'a'.repeat(64)))).toMatch(/version 1 must not name a previous/);
    expect(successionProblem(null, doc(2, null))).toMatch(/version 2 names no previous/);
    expect(successionProblem({ document: doc(1, null), digest: 'd'.repeat(64) }, doc(3, null))).toMatch(/version 3 names no previous/);
  });

  it('refuses a replayed or rewritten version and a successor that does not link to the held one', () => {
    const held = { document: doc(2, 'a'.repeat(64)), digest: 'd'.repeat(64) };
    expect(successionProblem(held, doc(1, null))).toMatch(/older .* replayed/);
    expect(successionProblem(held, doc(2, 'a'.repeat(64)))).toMatch(/already held/);
    expect(successionProblem(held, doc(3, 'e'.repeat(64)))).toMatch(/does not follow/);
    expect(successionProblem(held, doc(3, 'd'.repeat(64)))).toBeNull();
  });
});

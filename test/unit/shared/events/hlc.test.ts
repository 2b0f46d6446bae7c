import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareHlc,
  formatHlc,
  HLC_MAX_COUNTER,
  HLC_MAX_WALL,
  HlcError,
  hlcToIso,
  hlcToMillis,
  initialHlc,
  isHlcString,
  parseHlc,
  receive,
  tick,
  type Hlc,
} from '../../../../shared/events/hlc';

const T = 1_732_384_923_000;
const at = (wall: number, counter: number): Hlc => ({ wall, counter });

describe('HLC text form', () => {
  it('formats fixed width and parses back', () => {
    expect(formatHlc(at(T, 4))).toBe('001732384923000-000004');
    expect(parseHlc('001732384923000-000004')).toEqual(at(T, 4));
    expect(formatHlc(initialHlc)).toBe('000000000000000-000000');
    expect(formatHlc(at(HLC_MAX_WALL, HLC_MAX_COUNTER))).toBe('999999999999999-999999');
  });

  it('reaches beyond the year 10000 and stays a valid date', () => {
    expect(new Date(HLC_MAX_WALL).getUTCFullYear()).toBeGreaterThan(10_000);
    expect(hlcToIso(at(HLC_MAX_WALL, 0))).toMatch(/^\+0\d{5}-/);
  });

  it.each([
    '',
    '1732384923000-000000',
    '001732384923000-00000',
    '001732384923000_000000',
    '001732384923000-000000 ',
    '00173238492300a-000000',
    '-01732384923000-000000',
    '001732384923000-0000001',
  ])('rejects malformed %j', (text) => {
    expect(isHlcString(text)).toBe(false);
    expect(() => parseHlc(text)).toThrow(HlcError);
  });

  it('refuses to format values outside the range', () => {
    expect(() => formatHlc(at(-1, 0))).toThrow(HlcError);
    expect(() => formatHlc(at(HLC_MAX_WALL + 1, 0))).toThrow(HlcError);
    expect(() => formatHlc(at(T, HLC_MAX_COUNTER + 1))).toThrow(HlcError);
    expect(() => formatHlc(at(T + 0.5, 0))).toThrow(HlcError);
  });

  it('string order is time order', () => {
    const hlc = fc.record({ wall: fc.integer({ min: 0, max: HLC_MAX_WALL }), counter: fc.integer({ min: 0, max: HLC_MAX_COUNTER }) });
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const sa = formatHlc(a);
        const sb = formatHlc(b);
        const byString = sa < sb ? -1 : sa > sb ? 1 : 0;
        expect(byString).toBe(compareHlc(a, b));
        expect(compareHlc(sa, sb)).toBe(compareHlc(a, b));
        expect(parseHlc(sa)).toEqual(a);
      }),
    );
  });

  it('gives the wall time in milliseconds and as ISO', () => {
    expect(hlcToMillis('001732384923000-000004')).toBe(T);
    expect(hlcToIso('001732384923000-000004')).toBe('2024-11-23T18:02:03.000Z');
  });
});

describe('tick (local event or send)', () => {
  it('takes the physical time when it moved forward and restarts the counter', () => {
    expect(tick(at(T, 7), T + 5)).toEqual(at(T + 5, 0));
  });

  it('increments the counter when the physical time has not moved', () => {
    expect(tick(at(T, 7), T)).toEqual(at(T, 8));
  });

  it('keeps the logical time when the clock goes backwards', () => {
    const s1 = tick(initialHlc, T);
    const s2 = tick(s1, T - 60_000);
    const s3 = tick(s2, T - 59_000);
    const s4 = tick(s3, T + 1);
    expect([s1, s2, s3, s4]).toEqual([at(T, 0), at(T, 1), at(T, 2), at(T + 1, 0)]);
  });

  it('floors fractional readings and refuses unusable ones', () => {
    expect(tick(initialHlc, T + 0.9)).toEqual(at(T, 0));
    expect(() => tick(initialHlc, Number.NaN)).toThrow(HlcError);
    expect(() => tick(initialHlc, -1)).toThrow(HlcError);
    expect(() => tick(initialHlc, HLC_MAX_WALL + 1)).toThrow(HlcError);
  });

  it('moves the wall time on by one millisecond when the counter is full, instead of failing', () => {
    expect(tick(at(T, HLC_MAX_COUNTER), T)).toEqual(at(T + 1, 0));
    expect(tick(at(T, HLC_MAX_COUNTER), T - 5_000)).toEqual(at(T + 1, 0));
    // Only the very end of the range cannot move on (importers refuse such times long before).
    expect(() => tick(at(HLC_MAX_WALL, HLC_MAX_COUNTER), T)).toThrow(/end of its range/);
  });
});

describe('receive (merge a remote timestamp)', () => {
  it('physical time ahead of both: physical time, counter 0', () => {
    expect(receive(at(T, 3), at(T - 10, 9), T + 100)).toEqual(at(T + 100, 0));
  });

  it('remote ahead: remote wall, remote counter + 1', () => {
    expect(receive(at(T, 3), at(T + 500, 9), T + 100)).toEqual(at(T + 500, 10));
  });

  it('local ahead: local wall, local counter + 1', () => {
    expect(receive(at(T + 500, 3), at(T, 9), T + 100)).toEqual(at(T + 500, 4));
  });

  it('local and remote tie: max counter + 1', () => {
    expect(receive(at(T + 500, 3), at(T + 500, 9), T)).toEqual(at(T + 500, 10));
    expect(receive(at(T + 500, 12), at(T + 500, 9), T)).toEqual(at(T + 500, 13));
  });

  it('accepts the text form and, while the clock goes backwards, still moves past the remote', () => {
    const next = receive(at(T, 0), formatHlc(at(T + 2, 5)), T - 3_600_000);
    expect(next).toEqual(at(T + 2, 6));
    expect(compareHlc(next, at(T + 2, 5))).toBe(1);
  });

  it('takes a remote counter at the top of its range without failing', () => {
    expect(receive(at(T, 0), at(T + 500, HLC_MAX_COUNTER), T)).toEqual(at(T + 501, 0));
    expect(receive(at(T + 500, HLC_MAX_COUNTER), at(T + 500, 3), T)).toEqual(at(T + 501, 0));
    expect(receive(at(T + 500, 2), at(T + 500, HLC_MAX_COUNTER), T)).toEqual(at(T + 501, 0));
  });

  it('refuses negative or oversized counters in the text form', () => {
    expect(isHlcString('001732384923000--99999')).toBe(false);
    expect(isHlcString('001732384923000-1000000')).toBe(false);
    expect(() => parseHlc('001732384923000--99999')).toThrow(HlcError);
  });

  it('rejects a malformed remote and, when asked, a remote too far ahead', () => {
    expect(() => receive(at(T, 0), '17-0', T)).toThrow(HlcError);
    expect(() => receive(at(T, 0), at(T + 60_001, 0), T, { maxDriftMs: 60_000 })).toThrow(/ahead/);
    expect(receive(at(T, 0), at(T + 60_000, 0), T, { maxDriftMs: 60_000 })).toEqual(at(T + 60_000, 1));
  });
});

describe('HLC properties', () => {
  type Step = { kind: 'tick'; now: number } | { kind: 'receive'; now: number; remote: Hlc };
  const now = fc.integer({ min: T - 1_000_000, max: T + 1_000_000 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('tick' as const), now }),
    fc.record({
      kind: fc.constant('receive' as const),
      now,
      remote: fc.record({ wall: fc.integer({ min: T - 2_000_000, max: T + 2_000_000 }), counter: fc.integer({ min: 0, max: 50 }) }),
    }),
  );

  it('is strictly monotonic, moves past every received timestamp and stays within the largest clock seen', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 200 }), (steps) => {
        let state = initialHlc;
        let largestSeen = 0;
        for (const s of steps) {
          const next = s.kind === 'tick' ? tick(state, s.now) : receive(state, s.remote, s.now);
          expect(compareHlc(next, state)).toBe(1);
          largestSeen = Math.max(largestSeen, s.now, s.kind === 'receive' ? s.remote.wall : 0);
          if (s.kind === 'receive') expect(compareHlc(next, s.remote)).toBe(1);
          // The bounded-drift property of HLC: l never exceeds the largest physical or remote wall time.
          expect(next.wall).toBe(largestSeen);
          state = next;
        }
      }),
    );
  });

  it('never fails and stays printable when counters run near the top, moving at most one millisecond past what it saw per overflow', () => {
    const high: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), now }),
      fc.record({ kind: fc.constant('receive' as const), now, remote: fc.record({ wall: fc.integer({ min: T - 10, max: T + 10 }), counter: fc.integer({ min: HLC_MAX_COUNTER - 3, max: HLC_MAX_COUNTER }) }) }),
    );
    fc.assert(
      fc.property(fc.array(high, { minLength: 1, maxLength: 200 }), (steps) => {
        let state = initialHlc;
        let largestSeen = 0;
        for (const [n, s] of steps.entries()) {
          const next = s.kind === 'tick' ? tick(state, s.now) : receive(state, s.remote, s.now);
          expect(compareHlc(next, state)).toBe(1);
          if (s.kind === 'receive') expect(compareHlc(next, s.remote)).toBe(1);
          expect(parseHlc(formatHlc(next))).toEqual(next);
          largestSeen = Math.max(largestSeen, s.now, s.kind === 'receive' ? s.remote.wall : 0);
          expect(next.wall).toBeLessThanOrEqual(largestSeen + n + 1);
          state = next;
        }
      }),
    );
  });
});

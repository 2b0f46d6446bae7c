/**
 * How far ahead of this device's clock an event written elsewhere may be
 * dated. A device whose clock is wildly wrong (or a forged bundle) would
 * otherwise drag every clock it reaches into the future: one event dated in
 * the year 33658 made every later event of the case carry that date, and
 * sorted every honest change before it. A day covers time zones set wrong
 * and laptops whose clocks drifted for weeks offline; the setting
 * `maxClockAheadHours` changes it.
 */
import { ApiFailure } from '../api/errors';
import { hlcToIso, hlcToMillis } from './hlc';

export const DEFAULT_MAX_CLOCK_AHEAD_HOURS = 24;

type Dated = { readonly id: string; readonly caseId: string; readonly hlc: string };

/** The first event dated more than `maxAheadHours` after `nowMs`, described for a person; null when all are within bounds. */
export function clockViolation(events: readonly Dated[], nowMs: number, maxAheadHours: number): string | null {
  const limit = nowMs + maxAheadHours * 3_600_000;
  for (const event of events) {
    if (hlcToMillis(event.hlc) > limit) {
      return `event ${event.id} of case ${event.caseId} is dated ${hlcToIso(event.hlc)}, more than ${maxAheadHours} hours ahead of this device's clock (${new Date(nowMs).toISOString()}); a clock that far off would carry every later change of the case with it`;
    }
  }
  return null;
}

/** Refuses, before anything is written, events dated too far ahead (see clockViolation). */
export function checkClockBounds(events: readonly Dated[], nowMs: number, maxAheadHours: number): void {
  const problem = clockViolation(events, nowMs, maxAheadHours);
  if (problem) throw new ApiFailure('bad_request', `Refused: ${problem}`);
}

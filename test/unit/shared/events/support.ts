/**
 * Test support: builds real, hashed events the way a device would (own HLC,
 * own hash chain). SHA-256 comes from node:crypto since shared/ has none.
 */
import { createHash } from 'node:crypto';
import type { CaseEvent, CaseEventOf, CaseEventType, PayloadOf } from '../../../../shared/events/event';
import { eventHashInput } from '../../../../shared/events/event';
import { formatHlc, initialHlc, receive, tick, type Hlc } from '../../../../shared/events/hlc';

export const CASE_ID = '0c0ffee0-0000-4000-8000-000000000001';
export const OTHER_CASE_ID = '0c0ffee0-0000-4000-8000-000000000002';

export const deviceId = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const hashOf = (e: CaseEvent): string => sha256(eventHashInput(e));

/** Deterministic lowercase UUIDs, distinct per call. */
export function uuidSource(prefix = 0): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

export type EventFields<T extends CaseEventType> = {
  id: string;
  device: string;
  hlc: string;
  type: T;
  payload: PayloadOf<T>;
  actor?: string;
  caseId?: string;
  prev?: string | null;
};

/** One event with its hash computed; no chain bookkeeping. */
export function makeEvent<T extends CaseEventType>(fields: EventFields<T>): CaseEventOf<T> {
  const unsigned = {
    id: fields.id,
    caseId: fields.caseId ?? CASE_ID,
    device: fields.device,
    actor: fields.actor ?? `Actor ${fields.device.slice(0, 2)}`,
    hlc: fields.hlc,
    type: fields.type,
    payload: fields.payload,
    prev: fields.prev ?? null,
  };
  return { ...unsigned, hash: sha256(eventHashInput(unsigned)) } as CaseEventOf<T>;
}

/** A simulated device: its own clock, its own chain, the events it knows. */
export class Device {
  clock: Hlc = initialHlc;
  prev: string | null = null;
  readonly known = new Map<string, CaseEvent>();
  readonly written: CaseEvent[] = [];

  constructor(
    readonly device: string,
    readonly actor: string,
    private readonly nextId: () => string,
    readonly caseId = CASE_ID,
  ) {}

  write<T extends CaseEventType>(type: T, payload: PayloadOf<T>, nowMs: number): CaseEventOf<T> {
    this.clock = tick(this.clock, nowMs);
    const event = makeEvent({
      id: this.nextId(),
      caseId: this.caseId,
      device: this.device,
      actor: this.actor,
      hlc: formatHlc(this.clock),
      type,
      payload,
      prev: this.prev,
    });
    this.prev = event.hash;
    this.known.set(event.id, event);
    this.written.push(event);
    return event;
  }

  receive(events: Iterable<CaseEvent>, nowMs: number): void {
    for (const e of events) {
      if (this.known.has(e.id)) continue;
      this.clock = receive(this.clock, e.hlc, nowMs);
      this.known.set(e.id, e);
    }
  }

  events(): CaseEvent[] {
    return [...this.known.values()];
  }
}

/** Small seeded PRNG (mulberry32) so that shuffles are reproducible from a fast-check seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

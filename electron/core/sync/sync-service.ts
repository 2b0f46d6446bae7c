/**
 * Sync as the app runs it, one service per unlocked session: runs are jobs
 * (progress, cancel), one at a time; a run goes through the targets one
 * after another and records each outcome (./sync-log.ts). When started
 * (the app and the browser-mode host, not the CLI), a light tick decides
 * what is due:
 *
 *  - a target that could not be reached is probed again with backoff
 *    (5 s doubling to 5 min) by listing this device's prefix, which writes
 *    nothing; once it answers, a full run follows ("reconnect"); a change of
 *    the network interfaces probes at once;
 *  - every `syncEveryMinutes` a scheduled run;
 *  - a change made here (the case list's counts moved) is sent a few
 *    seconds later, while the targets are reachable.
 *
 * Idle, a tick reads two in-memory counters and the interface list: next to
 * nothing. Clocks here only plan the next try; no decision about data
 * depends on them.
 */
import os from 'node:os';
import type { SyncJobView, SyncRunRecord, SyncTargetRun, SyncTargetStatus, SyncTestResult, SyncTrigger, SyncStatusView } from '../../../shared/api/sync-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { JobCancelled, jobsFor, type JobContext, type JobProgress, type JobSnapshot } from '../jobs/job-runner';
import { readRoster } from '../team/roster-store';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { DeviceIdClash } from './outbox';
import { devicePrefix } from './segment-names';
import { recordRun } from './sync-log';
import { runSync } from './sync-run';
import { currentError, readSyncState } from './sync-state';
import { TargetError } from './target';
import { readTargets, targetOf, targetView, type StoredTarget } from './targets-store';
import { waitingChanges } from './waiting';

const FIRST_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** A change made here goes out this long after it was made (more changes meanwhile ride along). */
const CHANGE_DELAY_MS = 3_000;
const TICK_MS = 5_000;

export type SyncServiceOptions = { now?: () => number; tickMs?: number };

/** What the tick keeps of a target between runs; the rest is in sync-state.json. */
type Live = { failures: number; nextProbeAt: number | null; lastAttemptAt: number | null };

type SyncPhase = 'sealing' | 'sending' | 'receiving';
const PHASES = new Set<string>(['sealing', 'sending', 'receiving']);

export class SyncService {
  private readonly live = new Map<string, Live>();
  private running: { job: JobSnapshot; target: string | null; finished: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private changeSeenAt: number | null = null;
  private lastCounts: string | null = null;
  private lastInterfaces: string | null = null;
  private readonly now: () => number;
  private readonly tickMs: number;

  constructor(
    private readonly session: VaultSession,
    options: SyncServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.tickMs = options.tickMs ?? TICK_MS;
  }

  /** Starts the schedule (the app's sessions; the CLI runs only when asked). */
  start(): void {
    if (this.timer) return;
    this.lastCounts = this.caseCounts();
    this.timer = setInterval(() => this.tickQuietly(), this.tickMs);
    this.timer.unref();
    this.tickQuietly();
  }

  /** Stops the schedule and cancels a run, waiting until it has stopped (before the session closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const running = this.running;
    if (!running) return;
    jobsFor(this.session).cancel(running.job.jobId);
    await running.finished;
  }

  /**
   * Starts a run with every target that is not paused, or the one named; a run
   * already going is returned instead (its targets are the same or a superset).
   */
  async run(trigger: SyncTrigger, name?: string): Promise<SyncJobView> {
    if (this.running) return this.view(jobsFor(this.session).status(this.running.job.jobId));
    const all = await readTargets(this.session);
    if (name !== undefined && !all.some((t) => t.name === name)) throw new ApiFailure('not_found', `There is no sync target called ${name}`);
    if (all.length === 0) throw new ApiFailure('not_found', 'There is no sync target yet: add a folder or a WebDAV server first');
    const targets = name !== undefined ? all.filter((t) => t.name === name) : all.filter((t) => t.paused !== true);
    if (targets.length === 0) throw new ApiFailure('bad_request', 'Every sync target is paused: resume one, or sync one by name');
    if (!(await readRoster(this.session))) throw new ApiFailure('bad_request', 'This vault is in no team yet: sync needs the team roster (import your coordinator’s team profile first)');
    return this.startJob(trigger, targets);
  }

  private startJob(trigger: SyncTrigger, targets: StoredTarget[]): SyncJobView {
    const label = targets.length === 1 ? `Syncing with ${targets[0]?.name ?? ''}` : `Syncing with ${targets.length} targets`;
    let settle = () => undefined as void;
    const finished = new Promise<void>((resolve) => (settle = resolve));
    const job = jobsFor(this.session).start({ kind: 'sync.run', caseId: '', label, total: 0 }, async (context) => {
      const runs: { stored: StoredTarget; run: SyncTargetRun; startedAt: string }[] = [];
      try {
        for (const [i, stored] of targets.entries()) {
          context.throwIfCancelled();
          if (this.running) this.running.target = stored.name;
          context.progress({ phase: 'sealing', filesDone: i, filesTotal: targets.length });
          const startedAt = new Date(this.now()).toISOString();
          runs.push({ stored, startedAt, run: await this.runOne(stored, trigger, startedAt, phased(context, i, targets.length), targets.length > 1) });
        }
        await this.passOn(runs, context);
        context.progress({ filesDone: targets.length, filesTotal: targets.length });
        return { runs: runs.map((r) => r.run) };
      } finally {
        // Recorded when the run ends, so a bridge's second pass is in its outcome; a cancelled run keeps what finished.
        for (const { run, startedAt } of runs) await recordRun(this.session, toRecord(run, trigger, startedAt, new Date(this.now()).toISOString()));
        this.running = null;
        this.lastCounts = this.caseCounts();
        this.changeSeenAt = null;
        settle();
      }
    });
    this.running = { job, target: null, finished };
    return this.view(job);
  }

  /**
   * A device syncing with several targets is the bridge between them (a USB
   * drive on site, the team's server): what one target brought in is sealed
   * and sent to the others in the same run, not only at the next one.
   */
  private async passOn(runs: { stored: StoredTarget; run: SyncTargetRun }[], context: JobContext): Promise<void> {
    const answered = runs.filter((r) => r.run.ok);
    if (answered.length < 2 || !answered.some((r) => r.run.pulled.some((p) => p.segmentsApplied > 0))) return;
    for (const [i, { stored, run }] of answered.entries()) {
      context.throwIfCancelled();
      const target = targetOf(stored);
      try {
        const report = await runSync(this.session, stored.name, target, phased(context, i, answered.length), { receive: false, relay: true });
        run.sealed = report.sealed ?? run.sealed;
        run.segmentsSent = report.pushed;
      } catch (error) {
        const kind = error instanceof TargetError ? error.kind : error instanceof DeviceIdClash ? 'copied-vault' : null;
        if (kind === null) throw error;
        Object.assign(run, { ok: false, error: { kind, message: error instanceof Error ? error.message : String(error) } });
      } finally {
        target.close?.();
      }
    }
  }

  /** One target's run, its failure said in the outcome (the other targets still run). */
  private async runOne(stored: StoredTarget, trigger: SyncTrigger, startedAt: string, job: JobContext, relay: boolean): Promise<SyncTargetRun> {
    const target = targetOf(stored);
    const live = this.liveOf(stored.name);
    live.lastAttemptAt = this.now();
    let run: SyncTargetRun;
    try {
      const report = await runSync(this.session, stored.name, target, job, { relay });
      run = {
        name: stored.name,
        ok: true,
        error: null,
        sealed: report.sealed,
        segmentsSent: report.pushed,
        pulled: report.pulled.map((p) => ({
          device: p.device,
          fingerprint: fingerprintOf(p.device),
          segmentsApplied: p.reports.length,
          eventsApplied: p.reports.reduce((sum, r) => sum + Object.values(r.newEventsByDevice).reduce((a, b) => a + b, 0), 0),
          held: p.reports.filter((r) => r.held !== null).length,
          waiting: p.waiting,
        })),
      };
      live.failures = 0;
      live.nextProbeAt = null;
    } catch (error) {
      const kind = error instanceof TargetError ? error.kind : error instanceof DeviceIdClash ? 'copied-vault' : error instanceof JobCancelled || job.signal.aborted ? 'cancelled' : null;
      if (kind === null) throw error;
      const state = await readSyncState(this.session);
      run = { name: stored.name, ok: false, error: { kind, message: error instanceof Error ? error.message : String(error) }, sealed: null, segmentsSent: state.targets[stored.name]?.pushed ?? 0, pulled: [] };
      if (kind === 'unreachable') this.backOff(live);
      if (kind === 'cancelled') {
        await recordRun(this.session, toRecord(run, trigger, startedAt, new Date(this.now()).toISOString()));
        throw error;
      }
    } finally {
      target.close?.();
    }
    return run;
  }

  /** Whether a target answers: lists this device's prefix (reads only). */
  async test(name: string): Promise<SyncTestResult> {
    const stored = (await readTargets(this.session)).find((t) => t.name === name);
    if (!stored) throw new ApiFailure('not_found', `There is no sync target called ${name}`);
    const target = targetOf(stored);
    try {
      const names = await target.list(devicePrefix(this.session.device.deviceId));
      const count = names.filter((n) => /\/[0-9]{16}\.bundle$/.test(n)).length;
      return { name, ok: true, message: `${target.description} answers; ${count} segment(s) of this device are there`, segmentsThere: count };
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      return { name, ok: false, message: error.message, segmentsThere: null };
    } finally {
      target.close?.();
    }
  }

  async status(): Promise<SyncStatusView> {
    const [targets, state, roster] = await Promise.all([readTargets(this.session), readSyncState(this.session), readRoster(this.session)]);
    const running = this.running ? this.view(jobsFor(this.session).status(this.running.job.jobId)) : null;
    const everyMinutes = this.session.settings.syncEveryMinutes;
    const views: SyncTargetStatus[] = targets.map((t) => {
      const saved = state.targets[t.name];
      const lastSuccess = saved?.lastSuccess ?? null;
      const lastError = currentError(saved);
      const paused = t.paused === true;
      const stateOf = paused ? 'paused' : this.running?.target === t.name ? 'syncing' : lastError ? (lastError.kind === 'unreachable' ? 'offline' : 'failed') : 'idle';
      const next = paused ? null : this.nextAttemptAt(t.name, lastError !== null && lastError.kind === 'unreachable', everyMinutes);
      return { ...targetView(t, saved?.pushed ?? 0), state: stateOf, lastSuccess, lastError: saved?.lastError ?? null, nextAttemptAt: next === null ? null : new Date(next).toISOString() };
    });
    const active = views.filter((v) => v.state !== 'paused');
    const overall: SyncStatusView['overall'] =
      views.length === 0 ? 'none' : running ? 'syncing' : active.some((v) => v.state === 'failed') ? 'failed' : active.length > 0 && active.every((v) => v.state === 'offline') ? 'offline' : 'online';
    const waiting = await waitingChanges(
      this.session,
      active.map((v) => v.segmentsSent),
    );
    return { overall, inTeam: roster !== null, waiting, everyMinutes, running, targets: views, runs: state.runs ?? [] };
  }

  /** A tick from the timer: what goes wrong is logged and tried again at the next one (it must not end the process). */
  private tickQuietly(): void {
    this.tick().catch((error: unknown) => console.error('[outpost] sync tick failed:', error));
  }

  /** One look at what is due; runs at most one job. Public so tests can drive it without timers. */
  async tick(): Promise<void> {
    if (this.ticking || this.running || this.session.readOnly) return;
    this.ticking = true;
    try {
      const now = this.now();
      this.noticeNetworkChange();
      const counts = this.caseCounts();
      if (counts !== this.lastCounts) {
        this.lastCounts = counts;
        this.changeSeenAt ??= now;
      }
      const targets = (await readTargets(this.session)).filter((t) => t.paused !== true);
      if (targets.length === 0 || !(await readRoster(this.session))) return;
      const state = await readSyncState(this.session);
      const everyMinutes = this.session.settings.syncEveryMinutes;
      const offline = (t: StoredTarget) => currentError(state.targets[t.name])?.kind === 'unreachable';
      const reconnected: StoredTarget[] = [];
      for (const t of targets.filter(offline)) {
        const due = this.nextAttemptAt(t.name, true, everyMinutes);
        if (due !== null && due <= now && (await this.probe(t))) reconnected.push(t);
      }
      if (reconnected.length > 0) return void this.startJob('reconnect', reconnected);
      const reachable = targets.filter((t) => !offline(t));
      const scheduled = reachable.filter((t) => {
        const due = this.nextAttemptAt(t.name, false, everyMinutes);
        return due !== null && due <= now;
      });
      if (scheduled.length > 0) return void this.startJob('schedule', scheduled);
      if (everyMinutes > 0 && this.changeSeenAt !== null && now - this.changeSeenAt >= CHANGE_DELAY_MS && reachable.length > 0) this.startJob('change', reachable);
    } finally {
      this.ticking = false;
    }
  }

  /** An offline target: its next probe; any other: the next scheduled run (null: the schedule is off). */
  private nextAttemptAt(name: string, offline: boolean, everyMinutes: number): number | null {
    const live = this.liveOf(name);
    if (offline) return live.nextProbeAt ?? this.now();
    if (everyMinutes === 0) return null;
    return (live.lastAttemptAt ?? 0) + everyMinutes * 60_000;
  }

  /** Lists this device's prefix; a failure backs off further (kept in memory: probing writes nothing). */
  private async probe(stored: StoredTarget): Promise<boolean> {
    const target = targetOf(stored);
    try {
      await target.list(devicePrefix(this.session.device.deviceId));
      return true;
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      this.backOff(this.liveOf(stored.name));
      return false;
    } finally {
      target.close?.();
    }
  }

  private backOff(live: Live): void {
    live.failures += 1;
    live.nextProbeAt = this.now() + Math.min(FIRST_BACKOFF_MS * 2 ** (live.failures - 1), MAX_BACKOFF_MS);
  }

  /** When the machine's addresses change (a cable, Wi-Fi, a VPN), offline targets are probed at once. */
  private noticeNetworkChange(): void {
    const addresses = Object.values(os.networkInterfaces())
      .flatMap((list) => (list ?? []).map((a) => a.address))
      .sort()
      .join(' ');
    if (this.lastInterfaces !== null && addresses !== this.lastInterfaces) for (const live of this.live.values()) live.nextProbeAt = this.now();
    this.lastInterfaces = addresses;
  }

  /** A summary of the case list that changes whenever an event is added or received. */
  private caseCounts(): string {
    return this.session
      .listCases()
      .map((c) => `${c.id}:${c.eventCount}`)
      .join(',');
  }

  private liveOf(name: string): Live {
    let live = this.live.get(name);
    if (!live) this.live.set(name, (live = { failures: 0, nextProbeAt: null, lastAttemptAt: null }));
    return live;
  }

  private view(job: JobSnapshot): SyncJobView {
    return job as SyncJobView;
  }
}

/** The job's context for one target: phases as sync names them, bytes as the import and export count them. */
function phased(context: JobContext, index: number, count: number): JobContext {
  let phase: SyncPhase = 'sealing';
  return {
    ...context,
    progress: (update: JobProgress) => {
      if (update.phase !== undefined && PHASES.has(update.phase)) phase = update.phase as SyncPhase;
      context.progress({ phase, done: update.done ?? 0, total: update.total ?? 0, filesDone: index, filesTotal: count });
    },
  };
}

function toRecord(run: SyncTargetRun, trigger: SyncTrigger, startedAt: string, finishedAt: string): SyncRunRecord {
  return {
    target: run.name,
    trigger,
    startedAt,
    finishedAt,
    ok: run.ok,
    error: run.error,
    sealed: run.sealed,
    segmentsSent: run.segmentsSent,
    segmentsIn: run.pulled.reduce((sum, p) => sum + p.segmentsApplied, 0),
    eventsIn: run.pulled.reduce((sum, p) => sum + p.eventsApplied, 0),
    held: run.pulled.reduce((sum, p) => sum + p.held, 0),
    waiting: run.pulled.filter((p) => p.waiting !== null).length,
  };
}

const services = new WeakMap<VaultSession, SyncService>();

/** The one sync service of a session. */
export function syncServiceFor(session: VaultSession, options?: SyncServiceOptions): SyncService {
  let service = services.get(session);
  if (!service) services.set(session, (service = new SyncService(session, options)));
  return service;
}

/**
 * Main's side of the core process (./entry.ts): starts it, forwards each
 * API call and hands back its Result, and watches it. Plain Node: the
 * process comes from a `spawn` given by the caller (Electron's
 * utilityProcess in the app, child_process.fork in the tests), so the same
 * code runs in both.
 *
 * If the process stops without being asked (a crash, a kill), every call
 * still waiting and every later one answers `core_stopped`, and the
 * `stopped` listeners are told, until `restart()` starts a new one. What
 * the core acknowledged before is on disk already: each write is durable
 * before its call answers (the journal's guarantee), and the vault's writer
 * lock of a dead process is taken over by the next one on this host.
 */
import { FromCore, type ToCore } from '../../shared/api/core-process-messages';
import type { Result } from '../../shared/api/errors';
import type { Dispatch } from '../core/dispatch';

/** A started core process, whatever started it. */
export type CoreChild = {
  post: (message: ToCore) => void;
  onMessage: (listener: (message: unknown) => void) => void;
  onExit: (listener: (code: number | null) => void) => void;
  kill: () => void;
};

/** How long a core asked to close may take to lock the vault before it is killed. */
const CLOSE_TIMEOUT_MS = 10_000;

type Running = { child: CoreChild; exited: boolean; whenExited: Promise<void>; closing: boolean };

export class CoreClient {
  private running: Running | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (json: string) => void>();
  private stoppedMessage: string | null = null;
  private readonly stoppedListeners = new Set<(message: string) => void>();

  constructor(private readonly spawn: () => CoreChild) {}

  /** Starts the process and resolves once it answers `ready`. */
  async start(): Promise<void> {
    if (this.running && !this.running.exited) return;
    this.stoppedMessage = null;
    const child = this.spawn();
    let exited!: () => void;
    const running: Running = { child, exited: false, whenExited: new Promise<void>((resolve) => (exited = resolve)), closing: false };
    this.running = running;
    const ready = new Promise<void>((resolve, reject) => {
      child.onMessage((raw) => {
        const parsed = FromCore.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'ready') resolve();
        else if (message.type === 'result') this.settle(message.id, message.json);
      });
      child.onExit((code) => {
        running.exited = true;
        exited();
        reject(new Error(`The core process stopped while starting (exit code ${String(code)})`));
        if (this.running === running && !running.closing) this.stopped(`The Outpost core stopped unexpectedly (exit code ${String(code)}). Nothing it had confirmed is lost; restart it to go on.`);
      });
    });
    await ready;
  }

  /** What main serves the window with: the call's Result as JSON text, passed on unparsed (the window parses it). */
  readonly dispatchJson = (method: unknown, args: unknown): Promise<string> => {
    const running = this.running;
    if (this.stoppedMessage !== null || !running || running.exited) return Promise.resolve(JSON.stringify(this.stoppedResult()));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      running.child.post({ type: 'call', id, method, args });
    });
  };

  /** The same call, its Result parsed (for callers in Node: tests, benchmarks). */
  readonly dispatch: Dispatch = async (method, args) => JSON.parse(await this.dispatchJson(method, args)) as Result<unknown>;

  /** Called with a message for the user when the process stops without being asked to. */
  onStopped(listener: (message: string) => void): () => void {
    this.stoppedListeners.add(listener);
    return () => this.stoppedListeners.delete(listener);
  }

  /** Starts a new core after the last one stopped (the vault is then locked: the user unlocks it again). */
  async restart(): Promise<void> {
    if (this.running && !this.running.exited) return;
    await this.start();
  }

  /** Asks the core to lock the vault and end; kills it if it does not within a few seconds. */
  async close(): Promise<void> {
    const running = this.running;
    if (!running || running.exited) return;
    running.closing = true;
    running.child.post({ type: 'close' });
    const timer = setTimeout(() => running.child.kill(), CLOSE_TIMEOUT_MS);
    await running.whenExited;
    clearTimeout(timer);
  }

  private settle(id: number, json: string): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(json);
  }

  private stopped(message: string): void {
    this.stoppedMessage = message;
    for (const [id] of this.pending) this.settle(id, JSON.stringify(this.stoppedResult()));
    for (const listener of this.stoppedListeners) listener(message);
  }

  private stoppedResult(): Result<unknown> {
    return { ok: false, error: { code: 'core_stopped', message: this.stoppedMessage ?? 'The Outpost core is not running' } };
  }
}

/**
 * The core process's side of the channel to main: every `call` goes to the
 * core's dispatcher and its Result goes back as JSON text with the call's id
 * (see shared/api/core-process-messages.ts); `close`
 * locks the vault and says `closed`. A message that is not one of ToCore is
 * dropped with a line on stderr (main never sends one; nothing else can
 * reach this channel).
 */
import { ToCore, type FromCore } from '../../shared/api/core-process-messages';
import type { Core } from '../core/core';

/** Electron's parentPort and a forked child's process.send, alike. */
export type ParentChannel = { post: (message: FromCore) => void; onMessage: (listener: (message: unknown) => void) => void };

export function serveCore(core: Core, parent: ParentChannel, exit: () => void): void {
  let closing: Promise<void> | null = null;
  parent.onMessage((raw) => {
    const parsed = ToCore.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`outpost core: a message that is not a call was dropped (${parsed.error.issues[0]?.message ?? 'invalid'})\n`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'call') {
      void core.dispatch(message.method, message.args).then((result) => parent.post({ type: 'result', id: message.id, json: JSON.stringify(result) }));
      return;
    }
    closing ??= core.close().finally(() => {
      parent.post({ type: 'closed' });
      exit();
    });
  });
  parent.post({ type: 'ready' });
}

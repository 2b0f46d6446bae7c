/**
 * The messages between the desktop app's main process and its core process
 * (electron/core-process): main forwards each API call it has let through
 * and gets the Result back as JSON text, which main hands to the window
 * as it is: a case of 50,000 events answers megabytes, and parsing them
 * would stall the event loop that owns the window (the renderer parses
 * them, on its own thread). The arguments themselves are checked by the
 * core's dispatcher, like every other transport's.
 */
import { z } from 'zod';

export const ToCore = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('call'), id: z.int().nonnegative(), method: z.unknown(), args: z.unknown() }),
  /** Lock the vault (flush the index, wipe the keys), answer `closed`, then exit. */
  z.strictObject({ type: z.literal('close') }),
]);
export type ToCore = z.infer<typeof ToCore>;

export const FromCore = z.discriminatedUnion('type', [
  /** The core is ready for calls. */
  z.strictObject({ type: z.literal('ready') }),
  /** The call's Result as JSON text. */
  z.strictObject({ type: z.literal('result'), id: z.int().nonnegative(), json: z.string() }),
  z.strictObject({ type: z.literal('closed') }),
]);
export type FromCore = z.infer<typeof FromCore>;

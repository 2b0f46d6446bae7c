/**
 * Which calls are polls rather than the user at work, for the idle lock: the
 * vault status (unless it reports input since the last poll), and the sync
 * status and team alerts the header reads every few seconds. The core and
 * the renderer apply the same rule (the renderer, to tell an idle lock from
 * one it did not cause).
 */
export function isPassiveCall(method: unknown, input: unknown): boolean {
  if (method === 'vault.status') return (input as { active?: unknown } | undefined)?.active !== true;
  return method === 'sync.status' || method === 'alert.list';
}

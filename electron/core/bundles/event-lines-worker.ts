/**
 * Entry of the event-lines worker: bundled on its own (build/node-bundle.mjs)
 * and run from that source by ./event-lines-pool.ts, so the same worker runs
 * under Node, vitest and Electron without a file of its own in the app.
 */
import { checkEventLines } from './event-lines';

export const handle = checkEventLines;

/** Where sync keeps its things in the vault folder (named here, with no imports, for the data key replacement's list). */
export const OUTBOX_DIR = 'outbox';
export const SYNC_STATE_FILE = 'sync-state.json';
export const SYNC_TARGETS_FILE = 'sync-targets.json';

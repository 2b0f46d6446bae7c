/** The one IPC channel between preload and main; every API call goes through it. */
export const API_CHANNEL = 'outpost:api';

/** Everything the preload gives the page as `window.outpost`, and nothing more (checked by the tests). */
export const PRELOAD_SURFACE = ['call', 'pathForFile'] as const;

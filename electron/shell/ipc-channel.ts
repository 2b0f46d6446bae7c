/** The one IPC channel between preload and main; every API call goes through it. */
export const API_CHANNEL = 'outpost:api';

/** Asks main to start the core process again after it stopped. */
export const RESTART_CORE_CHANNEL = 'outpost:restart-core';

/** Asks main for the native open-file dialog (evidence intake); answers the chosen path or null. */
export const CHOOSE_FILE_CHANNEL = 'outpost:choose-file';

/** Everything the preload gives the page as `window.outpost`, and nothing more (checked by the tests). */
export const PRELOAD_SURFACE = ['call', 'pathForFile', 'restartCore', 'chooseFile'] as const;

/** The renderer's origin in the desktop app (see ./app-protocol.ts); free of Electron imports so Node tests can use it. */
export const APP_ORIGIN = 'app://outpost';

import path from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { permissionAllowed } from './permissions';

/** Locks down every web contents the app ever creates: no navigation, no new windows, no webviews. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the user's browser, never inside the app.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(permissionAllowed(permission, contents?.getURL() ?? '')));
  // Checks are the synchronous half (e.g. navigator.permissions, clipboard): without a handler Electron grants most of them.
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
  session.defaultSession.setDevicePermissionHandler(() => false);
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Outpost',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

export function bundledPath(...parts: string[]): string {
  return path.join(__dirname, ...parts);
}

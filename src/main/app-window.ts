import { BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron';
import type { AppOrigin } from './app-origin';
import { guardContents } from './security';

export interface AppWindowOptions {
  preload: string;
  origin: AppOrigin;
  window: Omit<BrowserWindowConstructorOptions, 'webPreferences'>;
}

/** A hardened BrowserWindow: sandboxed, isolated, no popups, no navigation away from the app. */
export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options.window,
    // The Electron security checklist, written out at the constructor (not built by a helper) so
    // that electronegativity, which reads this call, can see every setting.
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Middle-click would otherwise open links in new windows past setWindowOpenHandler's intent.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  guardContents(win.webContents, options.origin, (url) => void shell.openExternal(url));
  return win;
}

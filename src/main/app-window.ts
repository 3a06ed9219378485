import { BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron';
import type { AppOrigin } from './app-origin';
import { guardContents, secureWebPreferences } from './security';

export interface AppWindowOptions {
  preload: string;
  origin: AppOrigin;
  window: Omit<BrowserWindowConstructorOptions, 'webPreferences'>;
}

/** A hardened BrowserWindow: sandboxed, isolated, no popups, no navigation away from the app. */
export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const win = new BrowserWindow({ ...options.window, webPreferences: secureWebPreferences(options.preload) });
  guardContents(win.webContents, options.origin, (url) => void shell.openExternal(url));
  return win;
}

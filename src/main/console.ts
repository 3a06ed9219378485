import { join } from 'node:path';
import { Notification, app, ipcMain, session, shell, type BrowserWindow } from 'electron';
import { appHandlers } from './app-handlers';
import { AppOrigin } from './app-origin';
import { createAppWindow } from './app-window';
import { loadAppConfig } from './config';
import { IpcRouter } from './ipc-router';
import { contentSecurityPolicy, enforceCsp } from './security';

/** The agent console app: one window with the console, from the server or the bundled renderer. */
const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');
const preload = join(here, '../preload/index.cjs');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const config = loadAppConfig(app.getPath('userData'), process.env, (message) => console.warn(message));
    const origin = new AppOrigin(rendererDir, config.loadConsoleFromServer ? config.serverUrl : null);
    enforceCsp(session.defaultSession, contentSecurityPolicy(config.serverUrl));
    new IpcRouter(ipcMain, origin, (message) => console.warn(message)).serve(
      appHandlers({
        version: app.getVersion(),
        serverUrl: config.serverUrl,
        showNotification: (title, body) => new Notification({ title, body }).show(),
        openExternal: (url) => shell.openExternal(url),
      }),
    );
    mainWindow = createAppWindow({
      preload,
      origin,
      window: { width: 1280, height: 820, minWidth: 900, minHeight: 600, title: 'Tandem', show: false },
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.on('closed', () => (mainWindow = null));
    if (config.loadConsoleFromServer) void mainWindow.loadURL(`${config.serverUrl}/`);
    else void mainWindow.loadFile(join(rendererDir, 'console/index.html'));
  });
}

import { join } from 'node:path';
import { Notification, app, ipcMain, nativeImage, net, protocol, screen, session, shell, type BrowserWindow } from 'electron';
import { appHandlers } from './app-handlers';
import { AppOrigin } from './app-origin';
import { APP_SCHEME_PRIVILEGES, AppProtocol, appUrl } from './app-protocol';
import { createAppWindow } from './app-window';
import { loadAppConfig } from './config';
import { DeepLinks } from './deep-links';
import { IpcRouter } from './ipc-router';
import { contentSecurityPolicy, enforceCsp } from './security';
import { UnreadBadge } from './unread-badge';
import { WindowStateKeeper } from './window-state';

/**
 * The agent console app: one window with the console, from the server (default) or the bundled
 * renderer at app://tandem; tandem:// deep links, one instance, remembered window state, an
 * unread badge. The logic lives in small classes (deep-links, window-state, unread-badge) that
 * take Electron's objects as arguments and are tested with fakes.
 */
const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');
const preload = join(here, '../preload/index.cjs');
const DEFAULT_SIZE = { width: 1280, height: 820 };

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let consoleUrl: (path: string) => string = () => '';

  const focus = () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };
  const deepLinks = new DeepLinks({
    app,
    open: (path) => {
      if (!mainWindow) return;
      void mainWindow.loadURL(consoleUrl(path));
      focus();
    },
    focus,
    defaultApp: process.defaultApp,
    execPath: process.execPath,
    mainScript: process.argv[1],
  });
  deepLinks.register(process.argv);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    new AppProtocol(protocol, rendererDir, (url) => net.fetch(url)).start();
    const config = loadAppConfig(app.getPath('userData'), process.env, (message) => console.warn(message));
    consoleUrl = (path) => (config.loadConsoleFromServer ? `${config.serverUrl}${path}` : `${appUrl('console/index.html')}#${path}`);
    const origin = new AppOrigin(config.loadConsoleFromServer ? config.serverUrl : null);
    enforceCsp(session.defaultSession, contentSecurityPolicy(config.serverUrl));

    const windowState = new WindowStateKeeper({
      file: join(app.getPath('userData'), 'window-state.json'),
      workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
      defaults: DEFAULT_SIZE,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    });
    const overlay = nativeImage.createFromPath(join(here, '../../resources/unread-overlay.png'));
    const badge = new UnreadBadge({
      platform: process.platform,
      setBadgeCount: (count) => app.setBadgeCount(count),
      setOverlayIcon: (icon, description) => mainWindow?.setOverlayIcon(icon, description),
      overlayFor: () => overlay,
    });
    new IpcRouter(ipcMain, origin, (message) => console.warn(message)).serve({
      ...appHandlers({
        version: app.getVersion(),
        serverUrl: config.serverUrl,
        showNotification: (title, body) => {
          const note = new Notification({ title, body });
          note.on('click', focus);
          note.show();
        },
        openExternal: (url) => shell.openExternal(url),
      }),
      'app:setBadgeCount': ({ count }) => badge.set(count),
    });

    const initial = windowState.initial();
    const win = createAppWindow({
      preload,
      origin,
      window: { ...initial, minWidth: 900, minHeight: 600, title: 'Tandem', show: false },
    });
    windowState.track(win);
    if (initial.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => (mainWindow = null));
    mainWindow = win;
    void win.loadURL(consoleUrl(deepLinks.takeInitialPath() ?? '/'));
    deepLinks.windowReady();
  });
}

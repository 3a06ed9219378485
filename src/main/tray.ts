import { join } from 'node:path';
import { Menu, Notification, Tray, app, ipcMain, nativeImage, net, protocol, safeStorage, screen, session, shell, type BrowserWindow, type Rectangle } from 'electron';
import { deviceHandlers } from '../device/bridge/device-handlers';
import { startDeviceSessions } from '../device/remote/device-sessions';
import { appHandlers } from './app-handlers';
import { AppOrigin } from './app-origin';
import { APP_SCHEME_PRIVILEGES, AppProtocol, appUrl } from './app-protocol';
import { createAppWindow } from './app-window';
import { loadAppConfig } from './config';
import { IpcRouter } from './ipc-router';
import { RememberedSignIn } from './remembered-sign-in';
import { contentSecurityPolicy, enforceCsp } from './security';
import { TrayService } from './tray-service';

/** The tray client app: an icon in the system tray and a small popover window. */
const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');
const preload = join(here, '../preload/index.cjs');
const POPOVER = { width: 380, height: 540 };

/** Places the popover under (or above, for a bottom taskbar) the tray icon, inside the screen. */
function popoverPosition(anchor: Rectangle): { x: number; y: number } {
  const area = screen.getDisplayMatching(anchor).workArea;
  const x = Math.min(Math.max(anchor.x + anchor.width / 2 - POPOVER.width / 2, area.x), area.x + area.width - POPOVER.width);
  const below = anchor.y + anchor.height + POPOVER.height <= area.y + area.height;
  const y = below ? anchor.y + anchor.height : anchor.y - POPOVER.height;
  return { x: Math.round(x), y: Math.round(Math.max(y, area.y)) };
}

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let popover: BrowserWindow | null = null;
  let trayService: TrayService | null = null;
  let deviceSessions: ReturnType<typeof startDeviceSessions> | null = null;

  // A tray app lives on without windows.
  app.on('window-all-closed', () => {});

  void app.whenReady().then(() => {
    new AppProtocol(protocol, rendererDir, (url) => net.fetch(url)).start();
    const config = loadAppConfig(app.getPath('userData'), process.env, (message) => console.warn(message));
    const origin = new AppOrigin(null);
    enforceCsp(session.defaultSession, contentSecurityPolicy(config.serverUrl));
    const device = deviceHandlers({ serverUrl: config.serverUrl });
    // Remote sessions: the tray holds this device's link (identity in userData/device.json,
    // enrolled on first run with TANDEM_ENROLL_TOKEN) and hosts sessions with the same nut-js/wrtc
    // host as the headless agent; the person is asked through the popover (session:* channels).
    deviceSessions = startDeviceSessions({
      configPath: join(app.getPath('userData'), 'device.json'),
      server: config.serverUrl,
      enrollToken: process.env.TANDEM_ENROLL_TOKEN,
      onAsk: () => popover?.show(),
      onRefused: (message) => console.warn(`remote sessions: ${message}`),
    });
    deviceSessions.ready.catch((err: Error) => console.warn(`remote sessions are off: ${err.message}`));
    const signIn = new RememberedSignIn(safeStorage, join(app.getPath('userData'), 'sign-in.bin'), (message) => console.warn(message));
    new IpcRouter(ipcMain, origin, (message) => console.warn(message)).serve({
      ...appHandlers({
        version: app.getVersion(),
        serverUrl: config.serverUrl,
        showNotification: (title, body) => {
          const note = new Notification({ title, body });
          note.on('click', () => popover?.show());
          note.show();
        },
        openExternal: (url) => shell.openExternal(url),
      }),
      ...signIn.handlers(),
      ...device,
      ...deviceSessions.handlers,
      // The screenshot is of what the user was looking at, not of the popover over it: the popover
      // turns transparent while the screen is grabbed (opacity, not hide, which would blur and close
      // it; on Linux, where opacity is unsupported, the popover shows in the picture).
      'device:screenshot': async () => {
        popover?.setOpacity(0);
        await new Promise((resolve) => setTimeout(resolve, 120));
        try {
          return await device['device:screenshot']();
        } finally {
          popover?.setOpacity(1);
        }
      },
    });
    const win = createAppWindow({
      preload,
      origin,
      window: { ...POPOVER, show: false, frame: false, resizable: false, skipTaskbar: true, alwaysOnTop: true, title: 'Tandem' },
    });
    win.on('blur', () => win.hide());
    void win.loadURL(appUrl('tray/index.html'));
    popover = win;

    const show = (anchor?: Rectangle) => {
      if (anchor) win.setPosition(...(Object.values(popoverPosition(anchor)) as [number, number]));
      win.show();
      win.focus();
    };
    trayService = new TrayService({
      createTray: (icon) => new Tray(icon),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      icon: nativeImage.createFromPath(join(here, '../../resources/tray.png')),
      togglePopover: (anchor) => (win.isVisible() ? win.hide() : show(anchor)),
      showPopover: () => show(),
      quit: () => app.quit(),
    });
    trayService.start();
  });

  app.on('second-instance', () => popover?.show());
  app.on('before-quit', () => {
    trayService?.stop();
    void deviceSessions?.stop();
  });
}

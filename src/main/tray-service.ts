import type { Menu, MenuItemConstructorOptions, NativeImage, Rectangle, Tray } from 'electron';

export interface TrayServiceDeps {
  createTray(icon: NativeImage): Tray;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  icon: NativeImage;
  /** Shows or hides the popover next to the tray icon's bounds. */
  togglePopover(anchor: Rectangle): void;
  showPopover(): void;
  quit(): void;
}

/**
 * The tray icon and its menu. Electron objects come in through `deps` so the behaviour can be
 * exercised with fakes (as Signal's SystemTrayService takes createTrayInstance).
 */
export class TrayService {
  private tray: Tray | null = null;

  constructor(private readonly deps: TrayServiceDeps) {}

  start(): void {
    if (this.tray) return;
    const tray = this.deps.createTray(this.deps.icon);
    tray.setToolTip('Tandem IT help');
    tray.setContextMenu(
      this.deps.buildMenu([
        { label: 'Open Tandem', click: () => this.deps.showPopover() },
        { type: 'separator' },
        { label: 'Quit Tandem', click: () => this.deps.quit() },
      ]),
    );
    tray.on('click', () => this.deps.togglePopover(tray.getBounds()));
    this.tray = tray;
  }

  stop(): void {
    this.tray?.destroy();
    this.tray = null;
  }
}

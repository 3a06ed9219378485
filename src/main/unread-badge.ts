import type { NativeImage } from 'electron';

export interface UnreadBadgeDeps {
  platform: NodeJS.Platform;
  /** app.setBadgeCount: the dock on macOS, Unity launchers on Linux. */
  setBadgeCount(count: number): boolean;
  /** The window's taskbar overlay (Windows has no badge count). */
  setOverlayIcon(icon: NativeImage | null, description: string): void;
  /** A small round image with the count on it, for the Windows overlay. */
  overlayFor(count: number): NativeImage;
}

/**
 * The console's unread count on the app icon. macOS and Linux take a number; Windows shows an
 * overlay icon on the taskbar button instead, so the same call works everywhere.
 */
export class UnreadBadge {
  private count = 0;

  constructor(private readonly deps: UnreadBadgeDeps) {}

  get current(): number {
    return this.count;
  }

  set(count: number): void {
    const next = Math.max(0, Math.floor(count));
    if (next === this.count) return;
    this.count = next;
    if (this.deps.platform === 'win32') {
      this.deps.setOverlayIcon(next > 0 ? this.deps.overlayFor(next) : null, next > 0 ? `${next} unread` : '');
    } else {
      this.deps.setBadgeCount(next);
    }
  }
}

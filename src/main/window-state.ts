import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const SavedState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(100).max(20_000),
  height: z.number().int().min(100).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof SavedState>;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of a BrowserWindow the keeper watches. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

export interface WindowStateDeps {
  file: string;
  /** Work areas of the connected displays (Electron's screen.getAllDisplays()). */
  workAreas(): Rect[];
  defaults: { width: number; height: number };
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Remembers the console window's size, position and maximised state between runs. A saved
 * position is used only when the window would still be mostly visible on a connected display (a
 * monitor may have been unplugged), else the window opens at the default size, centred.
 */
export class WindowStateKeeper {
  private timer: unknown = null;

  constructor(private readonly deps: WindowStateDeps) {}

  /** Bounds to open with: `x`/`y` are absent when the window should be centred. */
  initial(): { x?: number; y?: number; width: number; height: number; maximized: boolean } {
    const saved = this.read();
    if (!saved) return { ...this.deps.defaults, maximized: false };
    const visible = this.deps.workAreas().some((area) => overlap(area, saved) >= 0.5 * saved.width * saved.height);
    return visible ? saved : { width: Math.min(saved.width, this.deps.defaults.width), height: Math.min(saved.height, this.deps.defaults.height), maximized: saved.maximized };
  }

  /** Saves the window's state when it moves or resizes (debounced) and when it closes. */
  track(win: TrackedWindow): void {
    const later = () => {
      if (this.timer !== null) this.deps.clearTimeout(this.timer);
      this.timer = this.deps.setTimeout(() => {
        this.timer = null;
        this.save(win);
      }, 500);
    };
    win.on('resize', later);
    win.on('move', later);
    win.on('close', () => {
      if (this.timer !== null) this.deps.clearTimeout(this.timer);
      this.timer = null;
      this.save(win);
    });
  }

  private save(win: TrackedWindow): void {
    // The normal bounds, so a maximised window comes back maximised over the size it had before.
    const b = win.getNormalBounds();
    const state: WindowState = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
    try {
      writeFileSync(this.deps.file, JSON.stringify(state));
    } catch {
      // Not worth stopping for: the window opens at the default size next time.
    }
  }

  private read(): WindowState | null {
    try {
      const parsed = SavedState.safeParse(JSON.parse(readFileSync(this.deps.file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

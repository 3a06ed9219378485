import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WindowStateKeeper, type TrackedWindow } from './window-state';

const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 };
const DEFAULTS = { width: 1280, height: 820 };

/** A fake BrowserWindow: bounds the test sets, events the test fires. */
class FakeWindow implements TrackedWindow {
  bounds = { x: 100, y: 50, width: 1000, height: 700 };
  maximized = false;
  private listeners = new Map<string, () => void>();
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener);
  }
  fire(event: string) {
    this.listeners.get(event)?.();
  }
}

/** Timers the test runs by hand. */
function manualTimers() {
  const queue = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (fn: () => void) => (queue.set(++next, fn), next),
    clearTimeout: (h: unknown) => void queue.delete(h as number),
    flush: () => [...queue.entries()].forEach(([k, fn]) => (queue.delete(k), fn())),
    pending: () => queue.size,
  };
}

describe('WindowStateKeeper', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-window-state-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const keeper = (file: string, areas = [SCREEN], timers = manualTimers()) =>
    new WindowStateKeeper({ file, workAreas: () => areas, defaults: DEFAULTS, ...timers });

  it('opens at the default size, centred, the first time (and when the file is broken)', async () => {
    expect(keeper(join(dir, 'none.json')).initial()).toEqual({ width: 1280, height: 820, maximized: false });
    await writeFile(join(dir, 'broken.json'), '{"x": "left"');
    expect(keeper(join(dir, 'broken.json')).initial()).toEqual({ width: 1280, height: 820, maximized: false });
  });

  it('saves the normal bounds and maximised state on close, and opens there next time', async () => {
    const file = join(dir, 'close.json');
    const win = new FakeWindow();
    keeper(file).track(win);
    win.bounds = { x: 200, y: 120, width: 1100, height: 760 };
    win.maximized = true;
    win.fire('close');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ x: 200, y: 120, width: 1100, height: 760, maximized: true });
    expect(keeper(file).initial()).toEqual({ x: 200, y: 120, width: 1100, height: 760, maximized: true });
  });

  it('saves once after a burst of moves (debounced)', async () => {
    const file = join(dir, 'moves.json');
    const timers = manualTimers();
    const win = new FakeWindow();
    keeper(file, [SCREEN], timers).track(win);
    for (const x of [10, 20, 30]) {
      win.bounds = { ...win.bounds, x };
      win.fire('move');
    }
    expect(timers.pending()).toBe(1);
    timers.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).x).toBe(30);
  });

  it('a position on a display that is gone is dropped (size kept within the default), maximised kept', async () => {
    const file = join(dir, 'gone.json');
    await writeFile(file, JSON.stringify({ x: 2500, y: 100, width: 1600, height: 900, maximized: true }));
    // Saved on a second monitor to the right; now only the laptop screen is connected.
    expect(keeper(file).initial()).toEqual({ width: 1280, height: 820, maximized: true });
    // With the second monitor back, the position is used.
    expect(keeper(file, [SCREEN, { x: 1920, y: 0, width: 2560, height: 1400 }]).initial()).toEqual({ x: 2500, y: 100, width: 1600, height: 900, maximized: true });
  });

  it('a window less than half visible counts as gone', async () => {
    const file = join(dir, 'half.json');
    // 1000×700 at x=1500: 420 px of 1000 on the 1920-wide screen, 42 % visible.
    await writeFile(file, JSON.stringify({ x: 1500, y: 100, width: 1000, height: 700, maximized: false }));
    expect(keeper(file).initial()).toEqual({ width: 1000, height: 700, maximized: false });
    // At x=1400: 520 px, 52 % visible.
    await writeFile(file, JSON.stringify({ x: 1400, y: 100, width: 1000, height: 700, maximized: false }));
    expect(keeper(file).initial()).toEqual({ x: 1400, y: 100, width: 1000, height: 700, maximized: false });
  });
});

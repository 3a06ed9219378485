import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDisplay } from '../../src/device/display';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs tests/fixtures/nut-child.ts in its own process with the given DISPLAY (or none). */
function child(display: string | null, ...args: string[]): Promise<{ code: number | null; signal: string | null; json: any; stderr: string }> {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  if (display) env.DISPLAY = display;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'tests/fixtures/nut-child.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? null) : 0;
      const signal = err ? ((err as { signal?: string }).signal ?? null) : null;
      let json: unknown = null;
      try {
        json = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
      } catch {
        json = null;
      }
      resolve({ code: typeof code === 'number' ? code : null, signal, json, stderr });
    });
  });
}

describe('display detection without a display', () => {
  it('says why when DISPLAY is not set, or when nothing answers on it', async () => {
    expect(await detectDisplay({})).toEqual({ available: false, reason: expect.stringMatching(/DISPLAY is not set/) });
    expect(await detectDisplay({ WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ available: false, reason: expect.stringMatching(/Wayland/) });
    expect(await detectDisplay({ DISPLAY: ':987' })).toEqual({ available: false, reason: expect.stringMatching(/:987 does not answer/) });
  });

  it('reports screen and input unavailable instead of crashing, and shell and diagnostics keep working', async () => {
    for (const display of [null, ':987']) {
      const status = await child(display, 'status');
      expect(status.signal).toBeNull();
      expect(status.code).toBe(0);
      expect(status.json.status.available).toBe(false);
      expect(status.json.screen).toMatch(/^DisplayUnavailableError: /);
      expect(status.json.input).toMatch(/^DisplayUnavailableError: /);
    }
    const fallback = await child(null, 'fallback');
    expect(fallback.code).toBe(0);
    expect(fallback.json).toMatchObject({ screen: 'DisplayUnavailableError', shell: 'shell-42', os: { platform: 'linux' } });
  });
});

describe.skipIf(!XVFB_PRESENT)('screen and input under Xvfb (skipped only when Xvfb is not installed)', () => {
  let xvfb: Xvfb;
  beforeAll(async () => {
    xvfb = await startXvfb('1280x800x24');
  });
  afterAll(() => xvfb?.stop());

  it('finds the display and opens screen and input', async () => {
    expect(await detectDisplay({ DISPLAY: xvfb.display })).toEqual({ available: true, display: xvfb.display });
    const status = await child(xvfb.display, 'status');
    expect(status.json).toEqual({ status: { available: true, display: xvfb.display }, screen: 'opened', input: 'opened' });
  });

  it('grabs frames that show what is on the screen, as RGBA of the screen size', async () => {
    await xvfb.x('xsetroot', ['-solid', '#ff0000']);
    const red = await child(xvfb.display, 'grab', '0,0', '640,400', '1279,799');
    expect(red.code).toBe(0);
    expect(red.json).toMatchObject({ width: 1280, height: 800, bytes: 1280 * 800 * 4, size: { width: 1280, height: 800 } });
    expect(red.json.pixels).toEqual([
      [255, 0, 0, 255],
      [255, 0, 0, 255],
      [255, 0, 0, 255],
    ]);
    // A different colour in each channel, so a BGR/RGB mix-up cannot pass.
    await xvfb.x('xsetroot', ['-solid', '#1040c0']);
    const blue = await child(xvfb.display, 'grab', '10,10');
    expect(blue.json.pixels).toEqual([[0x10, 0x40, 0xc0, 255]]);
  });

  it('moves the pointer where asked, clicks and types, as an X client sees it', async () => {
    const moved = await child(xvfb.display, 'move', '123', '456');
    expect(moved.json).toEqual({ x: 123, y: 456 });

    // xev's window (at 0,0, focus follows the pointer without a window manager) reports the events.
    const xev = spawn('stdbuf', ['-oL', 'xev', '-geometry', '400x300+0+0', '-event', 'structure', '-event', 'keyboard', '-event', 'button', '-event', 'mouse'], {
      env: { ...process.env, DISPLAY: xvfb.display },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let events = '';
    xev.stdout.setEncoding('utf8').on('data', (d: string) => (events += d));
    try {
      const end = Date.now() + 5000;
      while (!events.includes('MapNotify') && !events.includes('Expose') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      const clicked = await child(xvfb.display, 'click', '150', '120');
      expect(clicked.json).toEqual({ x: 150, y: 120 });
      const typed = await child(xvfb.display, 'type', 'hi');
      expect(typed.code).toBe(0);
      const until = Date.now() + 5000;
      while (!/KeyRelease[\s\S]*keysym 0x69, i\)/.test(events) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    } finally {
      xev.kill('SIGTERM');
    }
    // xev reports positions inside its window, which sits at the screen's origin.
    expect(events).toMatch(/ButtonPress event[\s\S]*?\(150,120\)[\s\S]*?button 1,/);
    expect(events).toMatch(/KeyPress event[\s\S]*?keysym 0x68, h\)/);
    expect(events).toMatch(/KeyPress event[\s\S]*?keysym 0x69, i\)/);
  });
});

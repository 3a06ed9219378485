import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXvfb, XVFB_PRESENT, type Xvfb } from '../fixtures/xvfb';
import { ScreenGrabber } from '../../src/device/remote/screen-grabber';
import { isVideoReady, toVideoRgba } from '../../src/device/remote/frame';
import wrtc from '@roamhq/wrtc';

// Grabs on the worker thread from a private Xvfb painted one colour.
const ROOT = { name: '#3366cc', r: 0x33, g: 0x66, b: 0xcc };

describe.skipIf(!XVFB_PRESENT)('ScreenGrabber (worker thread, Xvfb)', () => {
  let xvfb: Xvfb;
  let grabber: ScreenGrabber;
  const display = process.env.DISPLAY;

  beforeAll(async () => {
    xvfb = await startXvfb('320x200x24');
    await xvfb.x('xsetroot', ['-solid', ROOT.name]);
    // The worker inherits the environment; nut-js is loaded there only now that a display answers.
    process.env.DISPLAY = xvfb.display;
    grabber = await ScreenGrabber.open();
  }, 30_000);

  afterAll(async () => {
    await grabber?.close();
    await xvfb?.stop();
    if (display === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = display;
  });

  const pixel = (image: { data: Uint8Array; byteWidth: number; channels: number; bgr: boolean }, x: number, y: number) => {
    const at = y * image.byteWidth + x * image.channels;
    const [a, g, c] = [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
    return image.bgr ? { r: c, g, b: a } : { r: a, g, b: c };
  };

  it('grabs the whole screen off the main thread, with the painted colour', async () => {
    const image = await grabber.grab(null);
    expect([image.width, image.height]).toEqual([320, 200]);
    expect(image.data.byteLength).toBeGreaterThanOrEqual(image.byteWidth * 200);
    expect(pixel(image, 0, 0)).toEqual({ r: ROOT.r, g: ROOT.g, b: ROOT.b });
    expect(pixel(image, 319, 199)).toEqual({ r: ROOT.r, g: ROOT.g, b: ROOT.b });
  });

  it('hands whole-screen frames over as RGBA that go to I420 untouched, colours right', async () => {
    const image = await grabber.grab(null);
    // Swapped on the worker: red first, and no JS pass over the pixels on this thread.
    expect(image.bgr).toBe(false);
    expect(isVideoReady(image, 1920)).toBe(true);
    const rgba = toVideoRgba(image, 1920, new Uint8Array(320 * 200 * 4));
    expect(rgba.data).toBe(image.data);
    const i420 = new Uint8Array(320 * 200 * 1.5);
    wrtc.nonstandard.rgbaToI420(rgba, { width: 320, height: 200, data: i420 });
    // #3366cc in BT.601 limited range, worked out by hand: Y = (66·51 + 129·102 + 25·204 + 128) / 256 + 16 = 100,
    // U = (−38·51 − 74·102 + 112·204) / 256 + 128 ≈ 180.7, V = (112·51 − 94·102 − 18·204) / 256 + 128 ≈ 99.
    const [y, u, v] = [i420[0]!, i420[320 * 200]!, i420[320 * 200 * 1.25]!];
    expect(Math.abs(y - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs(u - 180)).toBeLessThanOrEqual(1);
    expect(Math.abs(v - 99)).toBeLessThanOrEqual(1);
  });

  it('takes back the buffers of its own frames to fill again, and nothing else', async () => {
    const first = await grabber.grab(null);
    const bytes = first.data.byteLength;
    grabber.release(first.data);
    // Moved back to the worker: the view here is empty now, and releasing it again does nothing.
    expect(first.data.byteLength).toBe(0);
    expect(() => grabber.release(first.data)).not.toThrow();
    const mine = new Uint8Array(bytes);
    grabber.release(mine);
    expect(mine.byteLength).toBe(bytes);
    // Later grabs (filled into the returned buffer) still carry the screen.
    for (let i = 0; i < 3; i++) {
      const next = await grabber.grab(null);
      expect(next.data.byteLength).toBe(bytes);
      expect(pixel(next, 160, 100)).toEqual({ r: ROOT.r, g: ROOT.g, b: ROOT.b });
      grabber.release(next.data);
    }
  });

  it('grabs a region, and grabs one after another hand over fresh buffers', async () => {
    const [a, b] = await Promise.all([grabber.grab({ x: 10, y: 20, width: 64, height: 32 }), grabber.grab(null)]);
    expect([a.width, a.height]).toEqual([64, 32]);
    expect(pixel(a, 5, 5)).toEqual({ r: ROOT.r, g: ROOT.g, b: ROOT.b });
    expect(b.data.buffer).not.toBe(a.data.buffer);
  });
});

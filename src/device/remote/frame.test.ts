import { describe, expect, it } from 'vitest';
import { isVideoReady, scaledSize, toVideoRgba } from './frame';

// A 3×2 BGRA image with distinct pixels; expected RGBA worked out by hand.
const bgra = (pixels: number[][], pad = 0) => {
  const width = 3;
  const byteWidth = width * 4 + pad;
  const data = new Uint8Array(byteWidth * 2);
  pixels.forEach(([b, g, r, a], i) =>
    data.set([b!, g!, r!, a!], Math.floor(i / width) * byteWidth + (i % width) * 4),
  );
  return { width, height: 2, data, byteWidth, channels: 4, bgr: true };
};
const PIXELS = [
  [1, 2, 3, 0],
  [10, 20, 30, 0],
  [100, 110, 120, 7],
  [4, 5, 6, 0],
  [40, 50, 60, 0],
  [200, 210, 220, 0],
];

describe('toVideoRgba', () => {
  it('swaps blue and red, makes alpha opaque and crops to even sizes', () => {
    const frame = toVideoRgba(bgra(PIXELS), 4096);
    expect([frame.width, frame.height]).toEqual([2, 2]);
    expect([...frame.data]).toEqual([3, 2, 1, 255, 30, 20, 10, 255, 6, 5, 4, 255, 60, 50, 40, 255]);
  });

  it('reads padded rows the same (unaligned path)', () => {
    const frame = toVideoRgba(bgra(PIXELS, 2), 4096);
    expect([...frame.data]).toEqual([3, 2, 1, 255, 30, 20, 10, 255, 6, 5, 4, 255, 60, 50, 40, 255]);
  });

  it('keeps RGB images in order when not BGR', () => {
    const frame = toVideoRgba({ ...bgra(PIXELS), bgr: false }, 4096);
    expect([...frame.data.slice(0, 4)]).toEqual([1, 2, 3, 255]);
  });

  // A 2×2 BGRA image: even already, so the unscaled word-at-a-time path runs.
  const square = (pad: number) => {
    const byteWidth = 8 + pad;
    const data = new Uint8Array(byteWidth * 2);
    data.set([1, 2, 3, 0, 10, 20, 30, 9], 0);
    data.set([40, 50, 60, 0, 200, 210, 220, 1], byteWidth);
    return { width: 2, height: 2, data, byteWidth, channels: 4, bgr: true };
  };
  const SQUARE_RGBA = [3, 2, 1, 255, 30, 20, 10, 255, 60, 50, 40, 255, 220, 210, 200, 255];

  it('converts an unscaled even image word by word, with or without row padding', () => {
    expect([...toVideoRgba(square(0), 4096).data]).toEqual(SQUARE_RGBA);
    expect([...toVideoRgba(square(4), 4096).data]).toEqual(SQUARE_RGBA);
  });

  it('writes into the buffer it is given when the size fits, and allocates when not', () => {
    const reuse = new Uint8Array(16).fill(7);
    const frame = toVideoRgba(square(0), 4096, reuse);
    expect(frame.data).toBe(reuse);
    expect([...reuse]).toEqual(SQUARE_RGBA);
    const small = new Uint8Array(8);
    const other = toVideoRgba(square(0), 4096, small);
    expect(other.data).not.toBe(small);
    expect([...other.data]).toEqual(SQUARE_RGBA);
  });

  it('answers an image that is video-ready as it is, and copies one that is not', () => {
    // RGBA as the grabber's worker hands it over; alpha is left as it came.
    const data = new Uint8Array([3, 2, 1, 9, 30, 20, 10, 9, 60, 50, 40, 9, 220, 210, 200, 9]);
    const ready = { width: 2, height: 2, data, byteWidth: 8, channels: 4, bgr: false };
    expect(isVideoReady(ready, 4096)).toBe(true);
    expect(toVideoRgba(ready, 4096, new Uint8Array(16)).data).toBe(data);
    // Not ready: wider than allowed, BGR, padded rows, or a view into a larger buffer.
    expect(isVideoReady(ready, 1)).toBe(false);
    expect(isVideoReady({ ...ready, bgr: true }, 4096)).toBe(false);
    expect(isVideoReady({ ...square(4), bgr: false }, 4096)).toBe(false);
    const inner = new Uint8Array(20).subarray(4);
    inner.set(data);
    const view = { ...ready, data: inner };
    expect(isVideoReady(view, 4096)).toBe(false);
    expect([...toVideoRgba(view, 4096).data]).toEqual([3, 2, 1, 255, 30, 20, 10, 255, 60, 50, 40, 255, 220, 210, 200, 255]);
  });

  it('scales a 4×4 image to 2×2 by nearest pixel', () => {
    const data = new Uint8Array(64);
    for (let i = 0; i < 16; i++) data.set([i, 100 + i, 200 - i, 0], i * 4);
    const frame = toVideoRgba({ width: 4, height: 4, data, byteWidth: 16, channels: 4, bgr: true }, 2);
    // Source pixels (0,0), (2,0), (0,2), (2,2) = indices 0, 2, 8, 10; red is byte 2 of BGRA.
    expect([...frame.data]).toEqual([200, 100, 0, 255, 198, 102, 2, 255, 192, 108, 8, 255, 190, 110, 10, 255]);
  });

  it.each([
    [1920, 1080, 1280, 1280, 720],
    [1280, 800, 1920, 1280, 800],
    [1366, 768, 4096, 1366, 768],
    [1367, 769, 4096, 1366, 768],
    [3840, 2160, 1920, 1920, 1080],
  ])('%i×%i capped at %i → %i×%i', (w, h, max, ew, eh) =>
    expect(scaledSize(w, h, max)).toEqual({ width: ew, height: eh }),
  );
});

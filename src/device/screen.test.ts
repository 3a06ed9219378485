import { describe, expect, it } from 'vitest';
import { toRgbaFrame } from './screen';

describe('captured images to RGBA frames', () => {
  // 2×2 pixels, BGRA, rows padded to 12 bytes (as X servers may pad scanlines).
  const bgraPadded = Buffer.from([
    /* row 0 */ 0x01, 0x02, 0x03, 0x00, 0x11, 0x12, 0x13, 0x00, 0xee, 0xee, 0xee, 0xee,
    /* row 1 */ 0x21, 0x22, 0x23, 0x00, 0x31, 0x32, 0x33, 0x00, 0xee, 0xee, 0xee, 0xee,
  ]);

  it('swaps blue and red, drops the row padding and makes alpha opaque', () => {
    const frame = toRgbaFrame(2, 2, bgraPadded, 12, 4, true);
    expect(frame).toEqual({
      width: 2,
      height: 2,
      rgba: Buffer.from([0x03, 0x02, 0x01, 0xff, 0x13, 0x12, 0x11, 0xff, 0x23, 0x22, 0x21, 0xff, 0x33, 0x32, 0x31, 0xff]),
    });
  });

  it('keeps the order of an image that is already RGB (3 channels)', () => {
    const rgb = Buffer.from([1, 2, 3, 4, 5, 6]);
    expect(toRgbaFrame(2, 1, rgb, 6, 3, false).rgba).toEqual(Buffer.from([1, 2, 3, 255, 4, 5, 6, 255]));
  });
});

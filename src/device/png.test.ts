import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from './png';

function idatOf(png: Buffer): Buffer {
  const at = png.indexOf('IDAT');
  return inflateSync(png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4)));
}

describe('encodePng', () => {
  it('writes a PNG another decoder reads back pixel for pixel (alpha dropped as opaque)', () => {
    // 3×2: red, green, blue / white, black, grey — worked out by hand.
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255]);
    const png = encodePng({ width: 3, height: 2, rgba });
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 8, 2]);
    // Undo the filters by hand (row 0: none, row 1: up) and compare with the RGB of the input.
    const raw = idatOf(png);
    const row0 = [...raw.subarray(1, 10)];
    const row1 = [...raw.subarray(11, 20)].map((v, i) => (v + row0[i]!) & 0xff);
    expect([raw[0], raw[10]]).toEqual([0, 2]);
    expect(row0).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255]);
    expect(row1).toEqual([255, 255, 255, 0, 0, 0, 128, 128, 128]);
  });

  it('filters rows against the row above ("up"), so a flat screen compresses to almost nothing', () => {
    const width = 200;
    const height = 100;
    const rgba = Buffer.alloc(width * height * 4, 0x40);
    const png = encodePng({ width, height, rgba });
    expect(png.length).toBeLessThan(1000);
    const raw = idatOf(png);
    expect(raw[0]).toBe(0);
    expect(raw[width * 3 + 1]).toBe(2);
    expect(raw[width * 3 + 2]).toBe(0);
  });
});

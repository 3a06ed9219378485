import { crc32, deflateSync } from 'node:zlib';
import type { ScreenFrame } from './screen';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes a captured frame as an 8-bit RGB PNG (the alpha of a screen grab is always opaque, so it
 * is dropped: a quarter smaller). Each row uses the "up" filter, which suits screens (large flat
 * areas) and keeps encoding a single pass; zlib does the rest.
 */
export function encodePng(frame: ScreenFrame): Buffer {
  const { width, height, rgba } = frame;
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const out = y * (stride + 1);
    raw[out] = y === 0 ? 0 : 2;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 4;
      const dst = out + 1 + x * 3;
      for (let c = 0; c < 3; c++) {
        const value = rgba[src + c]!;
        raw[dst + c] = y === 0 ? value : (value - rgba[src + c - width * 4]!) & 0xff;
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

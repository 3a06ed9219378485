/**
 * Draws the app and tray icons (two linked rings on a teal tile) and writes them to resources/.
 * Run with `npx tsx build/make-icons.ts`; the PNGs are committed, so this only runs on a redesign.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** Coverage (0..1) of one point by the icon's shapes: tile, and two rings cut out of it. */
function shade(x: number, y: number, tile: boolean): { a: number; white: boolean } {
  const inRoundedSquare = (px: number, py: number) => {
    const r = 0.22;
    const cx = Math.min(Math.max(px, r), 1 - r);
    const cy = Math.min(Math.max(py, r), 1 - r);
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
  };
  const ring = (cx: number, cy: number) => {
    const d = Math.hypot(x - cx, y - cy);
    return d >= 0.15 && d <= 0.24;
  };
  const onRing = ring(0.38, 0.5) || ring(0.62, 0.5);
  if (!tile) return { a: onRing ? 1 : 0, white: false };
  if (!inRoundedSquare(x, y)) return { a: 0, white: false };
  return { a: 1, white: onRing };
}

function png(size: number, tile: boolean): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const ss = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let alpha = 0;
      let white = 0;
      for (let i = 0; i < ss; i++)
        for (let j = 0; j < ss; j++) {
          const s = shade((x + (i + 0.5) / ss) / size, (y + (j + 0.5) / ss) / size, tile);
          alpha += s.a;
          if (s.white) white += 1;
        }
      const n = ss * ss;
      const teal = [15, 118, 110];
      const w = alpha ? white / alpha : 0;
      const color = tile ? teal.map((c) => Math.round(c + (255 - c) * w)) : [40, 44, 52];
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = color[0]!;
      raw[o + 1] = color[1]!;
      raw[o + 2] = color[2]!;
      raw[o + 3] = Math.round((alpha / n) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync('resources/icon.png', png(256, true));
writeFileSync('resources/tray.png', png(32, true));
writeFileSync('resources/trayTemplate.png', png(32, false));

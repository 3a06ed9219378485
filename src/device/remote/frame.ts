/**
 * Turns a captured screen image into what the video source takes. nut-js grabs BGRA rows
 * (colorMode BGR, 4 channels; rows may be padded past `width * 4`); `rgbaToI420` wants packed
 * RGBA, and I420 wants even sizes. The grabber's worker already swaps to RGBA (natively, see
 * screen-grab-worker.mjs), so a full-size frame from it goes to `rgbaToI420` untouched. One pass swaps red and blue a pixel at a time as 32-bit words,
 * scales down to `maxWidth` (nearest pixel: cheap, and text stays crisp enough at common scales)
 * and forces alpha opaque.
 */
export interface CapturedImage {
  width: number;
  height: number;
  data: Uint8Array;
  byteWidth: number;
  channels: number;
  bgr: boolean;
}

export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

const even = (n: number) => Math.max(2, n - (n % 2));

/** The output size for an image `width`×`height` no wider than `maxWidth`, both even. */
export function scaledSize(
  width: number,
  height: number,
  maxWidth: number,
): { width: number; height: number } {
  const scale = width > maxWidth ? maxWidth / width : 1;
  return { width: even(Math.floor(width * scale)), height: even(Math.floor(height * scale)) };
}

/**
 * Whether an image already is what `rgbaToI420` reads: packed RGBA rows at an even size within
 * `maxWidth`, filling its whole ArrayBuffer (wrtc reads a typed array's buffer from its start and
 * checks its whole length). The screen grabber's worker hands frames over like this.
 */
export function isVideoReady(image: CapturedImage, maxWidth: number): boolean {
  const { width, height, data } = image;
  return (
    !image.bgr &&
    image.channels === 4 &&
    image.byteWidth === width * 4 &&
    width % 2 === 0 &&
    height % 2 === 0 &&
    width <= maxWidth &&
    data.byteOffset === 0 &&
    data.byteLength === width * height * 4 &&
    data.buffer.byteLength === data.byteLength
  );
}

/**
 * Converts (and scales) one image to packed RGBA with opaque alpha. Pass the previous frame's
 * `reuse` buffer to write into it instead of allocating (a 1080p frame is 8 MB; at 30 fps fresh
 * buffers cost more than the conversion); it is used when its size fits exactly. An image that
 * {@link isVideoReady} is answered as it is, no pixel touched (its alpha stays as it came: the
 * I420 conversion ignores alpha).
 */
export function toVideoRgba(image: CapturedImage, maxWidth: number, reuse?: Uint8Array): RgbaFrame {
  if (isVideoReady(image, maxWidth)) return { width: image.width, height: image.height, data: image.data };
  const { width, height } = scaledSize(image.width, image.height, maxWidth);
  const bytes = width * height * 4;
  const out = reuse && reuse.byteLength === bytes && reuse.byteOffset % 4 === 0 ? reuse : new Uint8Array(bytes);
  const out32 = new Uint32Array(out.buffer, out.byteOffset, width * height);
  const xScale = image.width / width;
  const yScale = image.height / height;
  const sx = new Int32Array(width);
  for (let x = 0; x < width; x++) sx[x] = Math.min(image.width - 1, Math.floor(x * xScale));
  const { data, byteWidth, channels, bgr } = image;
  const aligned = channels === 4 && byteWidth % 4 === 0 && data.byteOffset % 4 === 0;
  if (aligned && bgr && width === image.width && height === image.height) {
    // Unscaled BGRA (the usual 1:1 screen): whole rows of words, no index table.
    const rowWords = byteWidth / 4;
    const in32 = new Uint32Array(data.buffer, data.byteOffset, rowWords * image.height);
    for (let y = 0, o = 0; y < height; y++) {
      for (let i = y * rowWords, end = i + width; i < end; i++, o++) {
        const p = in32[i]!;
        out32[o] = 0xff000000 | ((p & 0xff) << 16) | (p & 0xff00) | ((p >>> 16) & 0xff);
      }
    }
  } else if (aligned) {
    const in32 = new Uint32Array(data.buffer, data.byteOffset, (byteWidth / 4) * image.height);
    const rowWords = byteWidth / 4;
    for (let y = 0, o = 0; y < height; y++) {
      const row = Math.min(image.height - 1, Math.floor(y * yScale)) * rowWords;
      for (let x = 0; x < width; x++, o++) {
        const p = in32[row + sx[x]!]!;
        // Little-endian words: BGRA bytes read as 0xAARRGGBB; RGBA wanted as 0xAABBGGRR.
        out32[o] = bgr
          ? 0xff000000 | ((p & 0xff) << 16) | (p & 0xff00) | ((p >>> 16) & 0xff)
          : 0xff000000 | (p & 0xffffff);
      }
    }
  } else {
    const [r, b] = bgr ? [2, 0] : [0, 2];
    for (let y = 0, o = 0; y < height; y++) {
      const row = Math.min(image.height - 1, Math.floor(y * yScale)) * byteWidth;
      for (let x = 0; x < width; x++, o += 4) {
        const s = row + sx[x]! * channels;
        out[o] = data[s + r]!;
        out[o + 1] = data[s + 1]!;
        out[o + 2] = data[s + b]!;
        out[o + 3] = 255;
      }
    }
  }
  return { width, height, data: out };
}

import { loadNut } from './nut';

/** One captured frame: RGBA, 4 bytes a pixel, rows packed (`width * 4` bytes each). */
export interface ScreenFrame {
  width: number;
  height: number;
  rgba: Buffer;
}

/** Screen capture on the device, through nut-js (loaded only when a display answers). */
export interface ScreenCapture {
  /** The main screen's size in pixels. */
  size(): Promise<{ width: number; height: number }>;
  /** Grabs the main screen now. */
  grab(): Promise<ScreenFrame>;
}

/** Opens screen capture; throws DisplayUnavailableError (with why) on a machine without a display. */
export async function openScreenCapture(): Promise<ScreenCapture> {
  const nut = await loadNut();
  return {
    size: async () => ({ width: await nut.screen.width(), height: await nut.screen.height() }),
    grab: async () => {
      const image = await nut.screen.grab();
      return toRgbaFrame(image.width, image.height, image.data, image.byteWidth, image.channels, image.colorMode === nut.ColorMode.BGR);
    },
  };
}

/**
 * Converts a captured image to packed RGBA: nut-js grabs BGR(A) rows that may be padded past
 * `width * channels`; video encoders and canvases want RGBA with no padding and an opaque alpha.
 */
export function toRgbaFrame(width: number, height: number, data: Buffer, byteWidth: number, channels: number, bgr: boolean): ScreenFrame {
  const rgba = Buffer.allocUnsafe(width * height * 4);
  const [r, b] = bgr ? [2, 0] : [0, 2];
  for (let y = 0; y < height; y++) {
    let src = y * byteWidth;
    let dst = y * width * 4;
    for (let x = 0; x < width; x++, src += channels, dst += 4) {
      rgba[dst] = data[src + r]!;
      rgba[dst + 1] = data[src + 1]!;
      rgba[dst + 2] = data[src + b]!;
      rgba[dst + 3] = 255;
    }
  }
  return { width, height, rgba };
}

import { execFile } from 'node:child_process';
import wrtc from '@roamhq/wrtc';
import type { Monitor } from '../../shared/remote/channels';
import { loadNut } from '../nut';
import type { LinkLogger } from '../agent/link';
import { toVideoRgba, type CapturedImage } from './frame';
import { ScreenGrabber, type GrabRegion } from './screen-grabber';
import type { PeerMediaStream } from '../../shared/remote/peer';

interface MonitorArea extends Monitor {
  x: number;
  y: number;
}

/** Default caps; the console may lower them with a `quality` message. */
export const DEFAULT_MAX_FPS = 30;
export const DEFAULT_MAX_WIDTH = 1920;
/** An unchanged screen is still sent this often, so a new viewer (or a reconnect) gets a picture. */
const REFRESH_MS = 1000;

type Nut = Awaited<ReturnType<typeof loadNut>>;

/**
 * The screen as a video track: frames grabbed with nut-js, converted to I420 and fed to a wrtc
 * `RTCVideoSource`. Unchanged frames are skipped (one memcmp against the last one) except for a
 * refresh every second. The same source outlives reconnects; each connection gets a fresh track.
 */
export class ScreenStream {
  private readonly source = new wrtc.nonstandard.RTCVideoSource({ isScreencast: true });
  private track: ReturnType<InstanceType<typeof wrtc.nonstandard.RTCVideoSource>['createTrack']> | null =
    null;
  private shown: MonitorArea;
  /** What the console asked for (its quality picker). */
  private asked = { maxFps: DEFAULT_MAX_FPS, maxWidth: DEFAULT_MAX_WIDTH };
  /** What the connection carries now (see screen-quality.ts). */
  private fitted = { maxFps: DEFAULT_MAX_FPS, maxWidth: DEFAULT_MAX_WIDTH };
  private timer: NodeJS.Timeout | null = null;
  private last: Uint8Array | null = null;
  /** Conversion buffers kept from frame to frame (8 MB + 3 MB at 1080p). */
  private rgba: Uint8Array | null = null;
  private i420: Uint8Array | null = null;
  private lastSentAt = 0;
  private stopped = false;
  /** Frames sent, and skipped as unchanged (for logs and tests). */
  readonly counts = { sent: 0, skipped: 0 };

  private constructor(
    private readonly nut: Nut,
    readonly monitors: MonitorArea[],
    private readonly log: LinkLogger,
    private readonly grabber: ScreenGrabber | null,
  ) {
    this.shown = monitors.find((m) => m.primary) ?? monitors[0]!;
  }

  /** Opens the screen; throws DisplayUnavailableError (with why) on a machine without a display. */
  static async open(log: LinkLogger): Promise<ScreenStream> {
    const nut = await loadNut();
    const monitors = (await listMonitors()) ?? [
      {
        id: '0',
        name: 'Screen',
        width: await nut.screen.width(),
        height: await nut.screen.height(),
        primary: true,
        x: 0,
        y: 0,
      },
    ];
    // nut-js is loaded (so a display answered): the worker may load it too. If the worker cannot
    // start or load it, grabs run on this thread as before.
    const grabber = await ScreenGrabber.get().catch((err: Error) => {
      log.warn({ err: err.message }, 'screen grabs run on the main thread');
      return null;
    });
    return new ScreenStream(nut, monitors, log, grabber);
  }

  /** The monitor shown now (pointer fractions are of this one). */
  get monitor(): MonitorArea {
    return this.shown;
  }

  /** Monitors as the console sees them. */
  monitorList(): Monitor[] {
    return this.monitors.map(({ id, name, width, height, primary }) => ({
      id,
      name,
      width,
      height,
      primary,
    }));
  }

  /** A stream with a new track on the source, for a new connection; the previous track stops. */
  newStream(): PeerMediaStream {
    this.track?.stop();
    this.track = this.source.createTrack();
    this.last = null; // the new viewer needs a frame at once
    // wrtc's MediaStream is typed through DOM globals this Node build does not include.
    const { MediaStream } = wrtc as unknown as { MediaStream: new (tracks: unknown[]) => PeerMediaStream };
    return new MediaStream([this.track]);
  }

  /** Shows another monitor; false when there is no such one. */
  setMonitor(id: string): boolean {
    const monitor = this.monitors.find((m) => m.id === id);
    if (!monitor) return false;
    this.shown = monitor;
    this.last = null;
    return true;
  }

  /** The console's cap (its quality picker). */
  setQuality(maxFps: number, maxWidth: number): void {
    this.asked = { maxFps: Math.min(DEFAULT_MAX_FPS, maxFps), maxWidth };
    this.last = null;
  }

  /** The connection's cap (the quality governor); the lower of both caps is sent. */
  fitToConnection(maxFps: number, maxWidth: number): void {
    if (maxFps === this.fitted.maxFps && maxWidth === this.fitted.maxWidth) return;
    this.fitted = { maxFps, maxWidth };
    this.last = null;
  }

  /** Frames per second and width sent at most now. */
  get limits(): { maxFps: number; maxWidth: number } {
    return { maxFps: Math.min(this.asked.maxFps, this.fitted.maxFps), maxWidth: Math.min(this.asked.maxWidth, this.fitted.maxWidth) };
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.track?.stop();
    this.track = null;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    try {
      await this.frame();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'screen frame not captured');
    }
    this.schedule(Math.max(0, 1000 / this.limits.maxFps - (Date.now() - started)));
  }

  /** A grab on the worker thread when there is one, else here (blocking this thread meanwhile). */
  private async grab(region: GrabRegion | null): Promise<CapturedImage> {
    if (this.grabber) return this.grabber.grab(region);
    const image = region
      ? await this.nut.screen.grabRegion(new this.nut.Region(region.x, region.y, region.width, region.height))
      : await this.nut.screen.grab();
    return {
      width: image.width,
      height: image.height,
      data: image.data,
      byteWidth: image.byteWidth,
      channels: image.channels,
      bgr: image.colorMode === this.nut.ColorMode.BGR,
    };
  }

  private async frame(): Promise<void> {
    if (!this.track) return;
    const m = this.shown;
    const full = this.monitors.length === 1;
    const image = await this.grab(full ? null : m);
    if (this.stopped) return;
    const data = image.data;
    const now = Date.now();
    // memcmp stops at the first differing byte, so a changing screen costs little here; only an
    // unchanged one is read through.
    if (this.last && now - this.lastSentAt < REFRESH_MS && sameBytes(this.last, data)) {
      this.counts.skipped++;
      this.grabber?.release(data);
      return;
    }
    const previous = this.last;
    // nut-js hands over a fresh buffer per grab: keep it as is (no 8 MB copy) unless it is the
    // very buffer we hold, which would make every later frame look unchanged.
    this.last = data.buffer === this.last?.buffer ? Buffer.from(data) : data;
    this.lastSentAt = now;
    const rgba = toVideoRgba(image, this.limits.maxWidth, this.rgba ?? undefined);
    this.rgba = rgba.data;
    // The source copies the frame into its own buffer in onFrame, so one I420 buffer serves all.
    const i420Bytes = rgba.width * rgba.height * 1.5;
    if (this.i420?.byteLength !== i420Bytes) this.i420 = new Uint8Array(i420Bytes);
    const i420 = this.i420;
    wrtc.nonstandard.rgbaToI420(rgba, { width: rgba.width, height: rgba.height, data: i420 });
    this.source.onFrame({ width: rgba.width, height: rgba.height, data: i420 });
    this.counts.sent++;
    // The frame before is neither compared against nor converted into any more: its buffer goes
    // back to the grabber to be filled again (no fresh 8 MB buffer on this thread per frame).
    if (previous && previous !== this.last && previous !== this.rgba) this.grabber?.release(previous);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Monitors from `xrandr --listmonitors` (X11), or null when it is not there or says nothing. */
function listMonitors(): Promise<MonitorArea[] | null> {
  if (process.platform !== 'linux') return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile('xrandr', ['--listmonitors'], { timeout: 3000 }, (err, stdout) => {
      if (err) return resolve(null);
      const monitors: MonitorArea[] = [];
      for (const line of stdout.split('\n')) {
        // " 0: +*DP-1 1920/510x1080/287+0+0  DP-1"
        const m = /^\s*(\d+):\s+\+?(\*?)(\S+)\s+(\d+)\/\d+x(\d+)\/\d+\+(\d+)\+(\d+)/.exec(line);
        if (m)
          monitors.push({
            id: m[1]!,
            name: m[3]!.slice(0, 120),
            primary: m[2] === '*',
            width: Number(m[4]),
            height: Number(m[5]),
            x: Number(m[6]),
            y: Number(m[7]),
          });
      }
      resolve(monitors.length > 0 ? monitors.slice(0, 16) : null);
    });
  });
}

import { PerformanceObserver, performance } from 'node:perf_hooks';
import { wrtc } from '../../src/device/remote/node-peer';
import { ScreenGrabber } from '../../src/device/remote/screen-grabber';
import { ScreenStream } from '../../src/device/remote/screen-stream';
import type { PeerStatsEntry, RemotePeer } from '../../src/shared/remote/peer';
import type { DeviceSessionServerFrame } from '../../src/shared/remote/signaling';
import { startHost } from './hosted';

/**
 * The device side of the screen benchmark, in a process of its own as on a real device (so its
 * capture loop and encoder do not share an event loop with the receiving console): the device's
 * real session host on $DISPLAY (its ScreenStream: grab on the worker thread, unchanged frames
 * skipped, I420 into a wrtc video source at up to 30 fps). Link frames travel over IPC.
 *
 * For attribution it stamps each frame's stages without changing what they do, by wrapping the
 * calls ScreenStream makes from the outside: the grab (worker round trip), the conversion up to
 * `rgbaToI420`, `rgbaToI420` itself and the video source's `onFrame`; and it reads the marker
 * square's grey in every grabbed image, so the parent can split its capture-to-display latency
 * into waiting for a grab, grabbing, converting, and encoder → decoded frame. `stats` answers the
 * figures since the last ask, with the sender's WebRTC statistics (encode time, frames encoded).
 */
type FromParent =
  | { type: 'frame'; frame: DeviceSessionServerFrame }
  | { type: 'stats' }
  | { type: 'markers'; at: { x: number; y: number }[] }
  | { type: 'stop' };

const send = (m: unknown) => process.send?.(m);
const folder = process.argv[2]!;
const { end, host } = startHost({ filesFolder: folder, screen: true });
end.onFrame((frame) => send({ type: 'frame', frame }));

/** Absolute time (ms since the epoch, sub-millisecond), comparable across the bench's processes. */
const abs = () => performance.timeOrigin + performance.now();

interface Running {
  screen?: { counts: { sent: number; skipped: number } };
  peer?: RemotePeer | null;
}
const running = (): Running | null => (host as unknown as { session?: Running | null }).session ?? null;
let last = { sent: 0, skipped: 0, at: performance.now() };

/** Per-frame stage durations (ms) since the last `stats`. */
const stages = { tick: [] as number[], grab: [] as number[], convert: [] as number[], i420: [] as number[], submit: [] as number[] };
/** Marker points (pixels) to read in each grab, set by the parent. */
let markerAt: { x: number; y: number }[] = [];
/** Each grab whose marker grey differs from the grab before: when it started and ended, and when its frame reached onFrame. */
const markers: { grey: number; grabStart: number; grabEnd: number; submitted: number | null }[] = [];
let lastGrey = -1;
let pending: (typeof markers)[number] | null = null;
let tickStart = 0;
let grabEnd = 0;
let i420End = 0;

const proto = ScreenStream.prototype as unknown as { frame: () => Promise<void> };
const frame = proto.frame;
proto.frame = async function (this: unknown) {
  tickStart = performance.now();
  pending = null;
  try {
    return await frame.call(this);
  } finally {
    stages.tick.push(performance.now() - tickStart);
  }
};

const grab = ScreenGrabber.prototype.grab;
ScreenGrabber.prototype.grab = async function (this: ScreenGrabber, region) {
  const startAbs = abs();
  const start = performance.now();
  const image = await grab.call(this, region);
  grabEnd = performance.now();
  stages.grab.push(grabEnd - start);
  if (markerAt.length > 0) {
    const greys = markerAt.map(({ x, y }) => image.data[y * image.byteWidth + x * image.channels + 1]!);
    const grey = Math.round(greys.reduce((a, b) => a + b, 0) / greys.length);
    if (grey !== lastGrey && greys.every((g) => Math.abs(g - grey) <= 2)) {
      lastGrey = grey;
      pending = { grey, grabStart: startAbs, grabEnd: abs(), submitted: null };
      markers.push(pending);
    }
  }
  return image;
};

const nonstandard = wrtc.nonstandard as unknown as { rgbaToI420: (...args: unknown[]) => void };
const rgbaToI420 = nonstandard.rgbaToI420;
nonstandard.rgbaToI420 = (...args: unknown[]) => {
  const start = performance.now();
  stages.convert.push(start - grabEnd);
  rgbaToI420(...args);
  i420End = performance.now();
  stages.i420.push(i420End - start);
};
// wrtc's native methods are read-only on the prototype: each stream's own source gets the wrapper.
const open = ScreenStream.open.bind(ScreenStream);
ScreenStream.open = async (...args: Parameters<typeof ScreenStream.open>) => {
  const stream = await open(...args);
  const source = (stream as unknown as { source: { onFrame: (...a: unknown[]) => void } }).source;
  const onFrame = source.onFrame.bind(source);
  Object.defineProperty(source, 'onFrame', {
    value: (...a: unknown[]) => {
      onFrame(...a);
      stages.submit.push(performance.now() - i420End);
      if (pending) pending.submitted = abs();
      pending = null;
    },
  });
  return stream;
};

// Garbage collection on this (the session's) thread: frames arrive as fresh 8 MB buffers.
const gc = { count: 0, ms: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count += 1;
    gc.ms += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The sender's video statistics: encoded frames, summed encode time, why quality is limited. */
async function senderStats(): Promise<Record<string, number | string>> {
  const entries: PeerStatsEntry[] = (await running()?.peer?.stats()) ?? [];
  const out = entries.find((e) => e.type === 'outbound-rtp' && (e.kind === 'video' || e.mediaType === 'video'));
  if (!out) return {};
  const n = (k: string) => (typeof out[k] === 'number' ? (out[k] as number) : NaN);
  return {
    framesEncoded: n('framesEncoded'),
    totalEncodeTime: n('totalEncodeTime'),
    framesSent: n('framesSent'),
    keyFramesEncoded: n('keyFramesEncoded'),
    frameWidth: n('frameWidth'),
    qualityLimitationReason: String(out.qualityLimitationReason ?? ''),
    encoderImplementation: String(out.encoderImplementation ?? ''),
  };
}

process.on('message', (m: FromParent) => {
  if (m.type === 'frame') end.deliver(m.frame);
  else if (m.type === 'stats') {
    void senderStats().then((sender) => {
      const c = running()?.screen?.counts ?? { sent: NaN, skipped: NaN };
      const now = performance.now();
      const seconds = (now - last.at) / 1000;
      const p = Object.fromEntries(Object.entries(stages).map(([k, xs]) => [k, p50(xs)]));
      const mainGc = { per_s: Math.round((gc.count / seconds) * 10) / 10, ms_per_s: Math.round((gc.ms / seconds) * 10) / 10, max_ms: Math.round(gc.maxMs * 10) / 10 };
      send({ type: 'stats', sentFps: (c.sent - last.sent) / seconds, skippedFps: (c.skipped - last.skipped) / seconds, stagesP50: p, sender, mainGc });
      for (const xs of Object.values(stages)) xs.length = 0;
      Object.assign(gc, { count: 0, ms: 0, maxMs: 0 });
      last = { ...c, at: now };
    });
  } else if (m.type === 'markers') {
    markerAt = m.at;
    send({ type: 'markers', markers: markers.splice(0) });
  } else if (m.type === 'stop') {
    void host.stop('The benchmark is over.').finally(() => setTimeout(() => process.exit(0), 100));
  }
});
// The parent going away ends this process too (no orphan holding the X display).
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

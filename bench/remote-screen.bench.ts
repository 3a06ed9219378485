import { fork, type ChildProcess } from 'node:child_process';
import { XVFB_PRESENT, startXvfb } from '../tests/fixtures/xvfb';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MediaStreamTrack } from '@roamhq/wrtc';
import { wrtc } from '../src/device/remote/node-peer';
import type { RemotePeer } from '../src/shared/remote/peer';
import type { DeviceSessionClientFrame } from '../src/shared/remote/signaling';
import { openConsoleSession, type DeviceEnd } from './lib/hosted';
import { emit, log, percentile, scaled, selected } from './lib/report';
import { withTeardown } from './lib/teardown';
import { withTimeout } from './lib/wrtc-pair';
import { openPainter, type Painter, type Rect } from './lib/x11-painter';

/**
 * remote.screen.*: a 1920×1080 Xvfb screen sent by the device's real session host (in its own
 * process, as on a device: ScreenStream's nut-js capture → I420 → wrtc video source → RemotePeer)
 * to a console-side RemotePeer in this process, whose received track is decoded through wrtc's
 * RTCVideoSink.
 * - fps: frames delivered to the receiving sink per second;
 * - latency: a marker square (top-left quarter) is repainted in a new grey by a tiny X client;
 *   the time from the paint request to the first received frame showing that grey;
 * - bitrate: inbound-rtp bytesReceived per second from the receiver's getStats.
 * Each for a static screen (a drawn desktop that does not change; latency with only the marker
 * changing) and a changing one (60 random rectangles repainted 30 times a second below the marker).
 * For attribution, less sensitive to a loaded machine than the totals: the device's per-frame
 * stages (grab, conversion, rgbaToI420, onFrame), the encoder's and decoder's own times and the
 * jitter buffer's hold from getStats, and the latency split at the device's stamps of the first
 * grab that showed each marker grey (see lib/screen-device.ts).
 */
export const BENCHES = ['remote.screen.fps', 'remote.screen.latency', 'remote.screen.bitrate'] as const;

const SIZE = { width: 1920, height: 1080 };
const WINDOW_S = Math.max(3, Math.round(scaled(15)));
const MARKS = scaled(40);
const MARK_EVERY_MS = 400;
const GREYS = [0, 128, 255, 64, 192];
const now = () => performance.now();
/** Absolute time, comparable with the device process's stamps. */
const abs = () => performance.timeOrigin + performance.now();
const round1 = (x: number) => Math.round(x * 10) / 10;
/** The marker's grey as the grab holds it (24-bit TrueColor: the byte itself). */
const grey8 = (g: number) => g;
/** Where both ends look at the marker: five points inside it, as fractions of the screen. */
const MARKER_POINTS = [[0.06, 0.06], [0.19, 0.06], [0.06, 0.19], [0.19, 0.19], [0.125, 0.125]] as const;
const markerPoints = MARKER_POINTS.map(([fx, fy]) => ({ x: Math.floor(fx * SIZE.width), y: Math.floor(fy * SIZE.height) }));

interface Flip {
  grey: number;
  sent: number;
  painted: number;
  shown: number;
}
interface DeviceMarker {
  grey: number;
  grabStart: number;
  grabEnd: number;
  submitted: number | null;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Luma of a grey in I420 (BT.601 limited range, as libyuv converts). */
const lumaOf = (g: number) => ((66 * g + 129 * g + 25 * g + 128) >> 8) + 16;

interface DeviceProcess {
  child: ChildProcess;
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

function startDevice(display: string, folder: string): DeviceProcess {
  const child = fork(new URL('./lib/screen-device.ts', import.meta.url).pathname, [folder], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DISPLAY: display },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string, timeoutMs = 20_000) =>
    withTimeout(
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const onMessage = (m: Record<string, unknown>) => {
          if (m.type === 'error') reject(new Error(`device process: ${String(m.message)}`));
          if (m.type !== type) return;
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        child.once('exit', (code) => reject(new Error(`device process exited with ${code}`)));
      }),
      timeoutMs,
      `no ${type} from the device process`,
    );
  return {
    child,
    next,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      if (child.connected) child.send({ type: 'stop' });
      await Promise.race([exited, sleep(3000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** The receiver's RTCPeerConnection, for getStats (RemotePeer keeps its simple-peer private). */
function receiverPc(peer: RemotePeer): { getStats(): Promise<Map<string, Record<string, unknown>>> } | null {
  const inner = (peer as unknown as { peer?: { _pc?: { getStats(): Promise<Map<string, Record<string, unknown>>> } } }).peer?._pc;
  return inner ?? null;
}

/** The receiver's inbound video counters (bytes, frames decoded and dropped, decode and jitter-buffer time). */
async function receiverCounters(peer: RemotePeer): Promise<Record<string, number>> {
  const pc = receiverPc(peer);
  const out: Record<string, number> = { bytesReceived: 0, framesDecoded: 0, totalDecodeTime: 0, jitterBufferDelay: 0, jitterBufferEmittedCount: 0, framesDropped: 0, framesReceived: 0 };
  if (!pc) return { bytesReceived: NaN };
  for (const s of (await pc.getStats()).values())
    if (s.type === 'inbound-rtp' && (s.kind === 'video' || s.mediaType === 'video')) for (const k of Object.keys(out)) out[k]! += Number(s[k] ?? 0);
  return out;
}

function randomRects(n: number, top: number): Rect[] {
  return Array.from({ length: n }, () => {
    const w = 20 + Math.floor(Math.random() * 400);
    const h = 20 + Math.floor(Math.random() * 200);
    return { x: Math.floor(Math.random() * (SIZE.width - w)), y: top + Math.floor(Math.random() * (SIZE.height - top - h)), w, h };
  });
}

/** A desktop-like still picture: a background and a few hundred coloured panels. */
async function paintDesktop(painter: Painter, markTop: number) {
  await painter.fill(0x2d4a6b, [{ x: 0, y: 0, w: SIZE.width, h: SIZE.height }]);
  for (let i = 0; i < 300; i++) await painter.fill(Math.floor(Math.random() * 0xffffff), randomRects(1, markTop));
}

await withTeardown(async (t) => {
  if (!BENCHES.some((b) => selected(b))) return;
  if (!XVFB_PRESENT) {
    for (const bench of BENCHES) emit({ bench, metric: 'skipped', value: 0, unit: '', skipped: 'Xvfb is not installed (apt-get install xvfb)' });
    return;
  }
  const xvfb = t.add('xvfb', await startXvfb(`${SIZE.width}x${SIZE.height}x24`), (x) => x.stop());
  const painter = t.add('painter', await openPainter(xvfb.display), (p) => p.close());
  const mark = { x: 0, y: 0, w: Math.floor(SIZE.width / 4), h: Math.floor(SIZE.height / 4) };
  await paintDesktop(painter, mark.h + 8);
  await painter.fill(0, [mark]);

  const folder = t.add('device folder', await mkdtemp(join(tmpdir(), 'tandem-bench-host-')), (d) => rm(d, { recursive: true, force: true }));
  const device = t.add('device process', startDevice(xvfb.display, folder), (d) => d.stop());
  await device.next('ready');
  const end: DeviceEnd = {
    deliver: (frame) => device.child.connected && device.child.send({ type: 'frame', frame }),
    onFrame: (listener) => {
      const on = (m: { type: string; frame?: DeviceSessionClientFrame }) => m.type === 'frame' && listener(m.frame!);
      device.child.on('message', on);
      return () => device.child.off('message', on);
    },
  };
  // The track arrives with the connection: listen before the session opens.
  let onTrack: (track: MediaStreamTrack) => void = () => undefined;
  const gotTrack = new Promise<MediaStreamTrack>((resolve) => (onTrack = resolve));
  const session = t.add('console session', await openConsoleSession(end, ['view'], (peer) => peer.onTrack((track) => onTrack(track as unknown as MediaStreamTrack))), (s) => s.close());
  const console_ = session.peer;

  // Every decoded frame: count it, and look at the marker's luma where a grey change is awaited.
  let frames = 0;
  let lastSize = '';
  let awaiting: { luma: number; sentAt: number; resolve: (ms: number) => void } | null = null;
  const track = await withTimeout(gotTrack, 30_000, 'no screen track arrived');
  const sink = t.add('video sink', new wrtc.nonstandard.RTCVideoSink(track), (s) => s.stop());
  sink.onframe = ({ frame }: { frame: { width: number; height: number; data: Uint8Array } }) => {
    const at = now();
    frames += 1;
    lastSize = `${frame.width}x${frame.height}`;
    if (!awaiting) return;
    // Five points inside the marker square, as fractions of the frame (it may arrive scaled).
    let sum = 0;
    for (const [fx, fy] of MARKER_POINTS) sum += frame.data[Math.floor(fy * frame.height) * frame.width + Math.floor(fx * frame.width)]!;
    if (Math.abs(sum / 5 - awaiting.luma) <= 16) {
      const done = awaiting;
      awaiting = null;
      done.resolve(at - done.sentAt);
    }
  };
  for (const until = now() + 20_000; frames === 0; await sleep(50)) if (now() > until) throw new Error('the screen track delivered no frame in 20 s');
  log(`first frame ${lastSize}; warming up`);
  // From now on the device notes each grab whose marker grey changed (the answer is empty yet).
  device.child.send({ type: 'markers', at: markerPoints });
  await device.next('markers');
  await sleep(3000);

  let grey = 0;
  /** Each flip's grey and absolute times (this process's and the device's clocks are one: timeOrigin + now). */
  const flips: Flip[] = [];
  /** Repaints the marker in the next grey; resolves with the ms until a received frame shows it. */
  const flip = async (): Promise<number> => {
    grey = GREYS[(GREYS.indexOf(grey) + 1) % GREYS.length]!;
    const f: Flip = { grey, sent: abs(), painted: NaN, shown: NaN };
    flips.push(f);
    const arrived = new Promise<number>((resolve) => (awaiting = { luma: lumaOf(grey), sentAt: now(), resolve }));
    await painter.fill((grey << 16) | (grey << 8) | grey, [mark]);
    f.painted = abs();
    return withTimeout(arrived, 5000, `the marker grey ${grey} never arrived`)
      .then((ms) => ((f.shown = f.sent + ms), ms))
      .catch((err: Error) => {
        awaiting = null;
        log(err.message);
        return NaN;
      });
  };
  /** Splits the flips since the last call into stages, from the device's record of the grabs that first showed each grey. */
  const latencyStages = async (): Promise<Record<string, number>> => {
    device.child.send({ type: 'markers', at: markerPoints });
    const seen = (await device.next('markers')).markers as DeviceMarker[];
    const parts: Record<string, number[]> = { x_paint: [], wait_for_grab: [], grab: [], convert_and_submit: [], encode_to_decoded: [] };
    for (const f of flips.splice(0)) {
      if (Number.isNaN(f.shown)) continue;
      // The first grab finished after the paint request that holds the new grey.
      const d = seen.find((m) => m.grey >= grey8(f.grey) - 2 && m.grey <= grey8(f.grey) + 2 && m.grabEnd >= f.sent && m.submitted !== null);
      if (!d) continue;
      parts.x_paint!.push(f.painted - f.sent);
      parts.wait_for_grab!.push(Math.max(0, d.grabStart - f.painted));
      parts.grab!.push(d.grabEnd - Math.max(d.grabStart, f.painted));
      parts.convert_and_submit!.push(d.submitted! - d.grabEnd);
      parts.encode_to_decoded!.push(f.shown - d.submitted!);
    }
    return Object.fromEntries(Object.entries(parts).map(([k, xs]) => [`${k}_p50_ms`, round1(percentile(xs, 50))]).concat([['matched', parts.grab!.length]]));
  };

  /** fps and bitrate over a window while `during` runs, and the device's capture figures. */
  const window = async (during: (until: number) => Promise<number[]>) => {
    device.child.send({ type: 'stats' });
    const before = await device.next('stats');
    const r0 = await receiverCounters(console_);
    const frames0 = frames;
    const start = now();
    const latencies = await during(start + WINDOW_S * 1000);
    const seconds = (now() - start) / 1000;
    const r1 = await receiverCounters(console_);
    device.child.send({ type: 'stats' });
    const stats = await device.next('stats');
    const d = (k: string) => r1[k]! - r0[k]!;
    const s0 = before.sender as Record<string, number>;
    const s1 = stats.sender as Record<string, number | string>;
    const encoded = (s1.framesEncoded as number) - s0.framesEncoded!;
    return {
      fps: (frames - frames0) / seconds,
      mbps: (d('bytesReceived') * 8) / seconds / 1e6,
      seconds,
      latencies: latencies.filter((x) => !Number.isNaN(x)),
      missed: latencies.filter((x) => Number.isNaN(x)).length,
      sentFps: stats.sentFps as number,
      skippedFps: stats.skippedFps as number,
      stagesP50: stats.stagesP50 as Record<string, number>,
      mainGc: stats.mainGc as Record<string, number>,
      webrtc: {
        encoded_fps: round1(encoded / seconds),
        encode_ms_per_frame: round1((((s1.totalEncodeTime as number) - s0.totalEncodeTime!) * 1000) / encoded),
        decoded_fps: round1(d('framesDecoded') / seconds),
        decode_ms_per_frame: round1((d('totalDecodeTime') * 1000) / d('framesDecoded')),
        jitter_buffer_ms_per_frame: round1((d('jitterBufferDelay') * 1000) / d('jitterBufferEmittedCount')),
        receiver_dropped_frames: d('framesDropped'),
        sent_width: s1.frameWidth,
        quality_limitation: s1.qualityLimitationReason,
        encoder: s1.encoderImplementation,
      },
      latencyStages: {} as Record<string, number>,
      repaintFps: NaN,
    };
  };

  const results: Record<string, Awaited<ReturnType<typeof window>>> = {};
  // Static: nothing changes during the window (fps, bitrate), then latency with only the marker changing.
  results.static = await window(async (until) => {
    while (now() < until) await sleep(100);
    return [];
  });
  const staticLatency: number[] = [];
  for (let i = 0; i < MARKS; i++) {
    staticLatency.push(await flip());
    await sleep(MARK_EVERY_MS);
  }
  results.static.latencies = staticLatency.filter((x) => !Number.isNaN(x));
  results.static.missed = staticLatency.filter((x) => Number.isNaN(x)).length;
  results.static.latencyStages = await latencyStages();
  log(`static: ${results.static.fps.toFixed(1)} fps, ${results.static.mbps.toFixed(2)} Mbit/s, latency p50 ${percentile(results.static.latencies, 50).toFixed(1)} ms`);

  // Changing: busy rectangles 30 times a second below the marker, marker flips on top.
  let busy = true;
  let repaints = 0;
  const busyLoop = (async () => {
    while (busy) {
      const start = now();
      await painter.fill(Math.floor(Math.random() * 0xffffff), randomRects(60, mark.h + 8));
      repaints += 1;
      await sleep(Math.max(0, 33 - (now() - start)));
    }
  })();
  results.changing = await window(async (until) => {
    repaints = 0;
    const out: number[] = [];
    while (now() < until) {
      out.push(await flip());
      await sleep(MARK_EVERY_MS);
    }
    return out;
  });
  // A loaded machine may repaint less often than asked: the screen cannot change faster than this.
  results.changing.repaintFps = repaints / results.changing.seconds;
  busy = false;
  await busyLoop;
  results.changing.latencyStages = await latencyStages();
  log(`changing: ${results.changing.fps.toFixed(1)} fps, ${results.changing.mbps.toFixed(2)} Mbit/s, latency p50 ${percentile(results.changing.latencies, 50).toFixed(1)} ms`);

  for (const [screen, r] of Object.entries(results)) {
    const env = { load_avg_1m: Number(loadavg()[0]!.toFixed(1)),
      screen,
      display: `Xvfb ${SIZE.width}x${SIZE.height}x24`,
      received: lastSize,
      sender: 'device SessionHost (unattended offer, view right) in its own process, link frames over IPC; ScreenStream at up to 30 fps',
      ...(Number.isNaN(r.repaintFps) ? {} : { screen_repaints_per_s: round1(r.repaintFps) }),
      device_sent_fps: Math.round(r.sentFps * 10) / 10,
      device_skipped_unchanged_fps: Math.round(r.skippedFps * 10) / 10,
      // Per captured frame on the device (p50, ms): the whole tick; of it the grab (worker round
      // trip), the conversion up to rgbaToI420 (unchanged check, BGRA→RGBA), rgbaToI420, onFrame.
      device_stage_p50_ms: Object.fromEntries(Object.entries(r.stagesP50).map(([k, v]) => [k, round1(v)])),
      // Garbage collection on the device's session thread over the window.
      device_main_thread_gc: r.mainGc,
      // The encoder in the device process and the decoder here, from getStats over the window.
      webrtc: r.webrtc,
    };
    emit({ bench: 'remote.screen.fps', metric: 'fps', value: r.fps, unit: 'frames/s', target: 30, n: Math.round(r.fps * r.seconds), env });
    emit({
      bench: 'remote.screen.latency',
      metric: 'capture_to_display',
      value: percentile(r.latencies, 50),
      unit: 'ms',
      p50: percentile(r.latencies, 50),
      p95: percentile(r.latencies, 95),
      target: 'p50 < 100',
      n: r.latencies.length,
      missed: r.missed,
      env: {
        ...env,
        stamp: 'X fill request sent → first decoded frame with the new marker grey',
        // The same latency split by the device's stamps of the first grab showing each grey (p50 of each part; clocks are one machine's).
        latency_stages: r.latencyStages,
      },
    });
    emit({ bench: 'remote.screen.bitrate', metric: 'bitrate', value: r.mbps, unit: 'Mbit/s', ...(screen === 'static' ? { target: '< 3' } : {}), n: Math.round(r.seconds), env });
  }
});

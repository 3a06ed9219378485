import { loadNut } from '../../src/device/nut';
import { ScreenStream } from '../../src/device/remote/screen-stream';
import type { DeviceSessionServerFrame } from '../../src/shared/remote/signaling';
import { startHost } from './hosted';

/**
 * The device side of the screen benchmark, in a process of its own as on a real device (so its
 * capture loop and encoder do not share an event loop with the receiving console): the device's
 * real session host on $DISPLAY (its ScreenStream: nut-js grab, unchanged frames skipped, I420
 * into a wrtc video source at up to 30 fps). Link frames travel over IPC. Answers `stats` with the
 * frames its screen stream sent and skipped since the last ask, and the p50 of its capture tick and of the grab in it.
 */
type FromParent = { type: 'frame'; frame: DeviceSessionServerFrame } | { type: 'stats' } | { type: 'stop' };

const send = (m: unknown) => process.send?.(m);
const folder = process.argv[2]!;
const { end, host } = startHost({ filesFolder: folder, screen: true });
end.onFrame((frame) => send({ type: 'frame', frame }));

/** The running session's screen counters (the host keeps them for its logs and tests). */
const counts = (): { sent: number; skipped: number } | null =>
  (host as unknown as { session?: { screen?: { counts: { sent: number; skipped: number } } } | null }).session?.screen?.counts ?? null;
let last = { sent: 0, skipped: 0, at: performance.now() };

// Attribution: how long each capture tick takes on the device (grab, compare, convert, hand to the
// encoder), timed around ScreenStream's private per-tick method without changing what it does.
const tickMs: number[] = [];
const proto = ScreenStream.prototype as unknown as { frame: () => Promise<void> };
const frame = proto.frame;
proto.frame = async function (this: unknown) {
  const start = performance.now();
  try {
    return await frame.call(this);
  } finally {
    tickMs.push(performance.now() - start);
  }
};
// …and of that, nut-js's grab alone (the same nut-js module object the screen stream uses).
const grabMs: number[] = [];
const nut = await loadNut();
const grab = nut.screen.grab.bind(nut.screen);
nut.screen.grab = async () => {
  const start = performance.now();
  try {
    return await grab();
  } finally {
    grabMs.push(performance.now() - start);
  }
};
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

process.on('message', (m: FromParent) => {
  if (m.type === 'frame') end.deliver(m.frame);
  else if (m.type === 'stats') {
    const c = counts() ?? { sent: NaN, skipped: NaN };
    const now = performance.now();
    const seconds = (now - last.at) / 1000;
    send({ type: 'stats', sentFps: (c.sent - last.sent) / seconds, skippedFps: (c.skipped - last.skipped) / seconds, tickP50: p50(tickMs), grabP50: p50(grabMs) });
    tickMs.length = grabMs.length = 0;
    last = { ...c, at: now };
  } else if (m.type === 'stop') {
    void host.stop('The benchmark is over.').finally(() => setTimeout(() => process.exit(0), 100));
  }
});
// The parent going away ends this process too (no orphan holding the X display).
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

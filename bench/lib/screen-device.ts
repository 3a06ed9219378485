import { createNodePeer, wrtc } from '../../src/device/remote/node-peer';
import { openScreenCapture } from '../../src/device/screen';
import type { PeerMediaStream } from '../../src/shared/remote/peer';
import type { PeerSignal } from '../../src/shared/remote/signaling';

/**
 * The device side of the screen benchmark, in a process of its own as on a real device (so its
 * capture loop and encoder do not share an event loop with the receiving console): grabs the
 * screen of $DISPLAY with the device's own capture (nut-js, `openScreenCapture`), converts to
 * I420 and feeds a wrtc video source at up to `fps` frames a second, sent by a device-side
 * RemotePeer. Signals travel over IPC. Answers `stats` with what it captured.
 */
type FromParent = { type: 'signal'; signal: PeerSignal } | { type: 'stats' } | { type: 'stop' };

const fps = Number(process.argv[2] ?? 30);
const send = (m: unknown) => process.send?.(m);

const capture = await openScreenCapture();
const { width, height } = await capture.size();
const source = new wrtc.nonstandard.RTCVideoSource({ isScreencast: true });
const track = source.createTrack();
// wrtc's typings re-export DOM names that do not exist without the DOM lib; the class is there at run time.
const { MediaStream } = wrtc as unknown as { MediaStream: new (tracks: unknown[]) => PeerMediaStream };
const stream = new MediaStream([track]);
const peer = createNodePeer({ initiator: true, iceServers: [], rights: ['view'], stream });
peer.onSignal((signal) => send({ type: 'signal', signal }));
peer.onState((state, detail) => send({ type: 'state', state, detail }));

const i420 = new Uint8Array(width * height * 1.5);
const grabMs: number[] = [];
let captured = 0;
let stopping = false;
let since = performance.now();

async function loop() {
  const interval = 1000 / fps;
  let next = performance.now();
  while (!stopping) {
    const start = performance.now();
    const frame = await capture.grab();
    grabMs.push(performance.now() - start);
    wrtc.nonstandard.rgbaToI420({ width, height, data: new Uint8Array(frame.rgba.buffer, frame.rgba.byteOffset, frame.rgba.byteLength) }, { width, height, data: i420 });
    source.onFrame({ width, height, data: i420 });
    captured += 1;
    next += interval;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else next = performance.now();
  }
}

process.on('message', (m: FromParent) => {
  if (m.type === 'signal') peer.signal(m.signal);
  else if (m.type === 'stats') {
    const seconds = (performance.now() - since) / 1000;
    const sorted = [...grabMs].sort((a, b) => a - b);
    send({ type: 'stats', captureFps: captured / seconds, grabP50: sorted[Math.floor(sorted.length / 2)] ?? NaN, width, height });
    captured = 0;
    grabMs.length = 0;
    since = performance.now();
  } else if (m.type === 'stop') {
    stopping = true;
    track.stop();
    peer.close();
    setTimeout(() => process.exit(0), 200);
  }
});
// The parent going away ends this process too (no orphan holding the X display).
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', width, height });
void loop().catch((err: Error) => {
  send({ type: 'error', message: err.message });
  process.exit(1);
});

// The screen grabber's worker thread (plain JS so it loads the same under node, tsx and vitest).
// nut-js's grab is a synchronous native call (13 ms on a quiet machine, 50 ms under load); here it
// blocks this thread only, never the one carrying the shell and control channels. nut-js is
// imported only when the main thread asks, which it does only after a display has answered:
// loading it without a display crashes the process (see STACK-NOTES).
import { Buffer } from 'node:buffer';
import { MessageChannel, parentPort } from 'node:worker_threads';

let nut = null;
/**
 * Frame buffers the main thread handed back once it was done with them (ScreenGrabber.release),
 * filled again here: a fresh 8 MB buffer arriving on the session's thread 30 times a second made
 * its garbage collector run several times a second, for tens of ms each time.
 */
const pool = [];
const POOL_MAX = 3;
/**
 * nut-js's own buffer is freed at once by moving it into a port whose other end is closed (the
 * message is dropped with it). Left to this thread's collector instead, 8 MB external buffers piled
 * up between collections and grabs took hundreds of ms on a loaded machine (6 ms once freed at once).
 */
const { port1: discard, port2: closed } = new MessageChannel();
closed.close();

/**
 * BGRA → RGBA in place, here on the grabbing thread and in two native passes of ~1 ms a 1080p frame
 * (the JS pixel loop this replaces took 3 ms quiet, 10-30 ms on a loaded machine, on the thread
 * that also carries the session): byte-swapping every 32-bit
 * word turns B,G,R,A into A,R,G,B, and moving everything one byte down gives R,G,B,A. Each pixel's
 * alpha byte is then its right neighbour's (the last one keeps its own blue): the video conversion
 * ignores alpha, and frame.ts makes it opaque wherever it copies pixels.
 */
function bgraToRgbaInPlace(data) {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  bytes.swap32();
  bytes.copy(bytes, 0, 1);
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.t === 'open') {
      nut = await import('@nut-tree-fork/nut-js');
      parentPort.postMessage({ t: 'opened' });
      return;
    }
    if (msg.t === 'release') {
      if (pool.length < POOL_MAX) pool.push(msg.buffer);
      return;
    }
    if (msg.t === 'grab') {
      const r = msg.region;
      const image = r
        ? await nut.screen.grabRegion(new nut.Region(r.x, r.y, r.width, r.height))
        : await nut.screen.grab();
      // nut-js allocates a buffer per grab (garbage here, on this thread): copy it into a recycled one.
      const grabbed = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
      const reuse = pool.findIndex((b) => b.byteLength === grabbed.byteLength);
      const data = new Uint8Array(reuse >= 0 ? pool.splice(reuse, 1)[0] : new ArrayBuffer(grabbed.byteLength));
      data.set(grabbed);
      try {
        discard.postMessage(null, [grabbed.buffer]);
      } catch {
        // Not movable (a pooled or shared buffer): the collector frees it.
      }
      let bgr = image.colorMode === nut.ColorMode.BGR;
      if (bgr && image.channels === 4 && image.byteWidth % 4 === 0 && data.byteLength % 4 === 0) {
        bgraToRgbaInPlace(data);
        bgr = false;
      }
      const frame = {
        t: 'frame',
        n: msg.n,
        width: image.width,
        height: image.height,
        byteWidth: image.byteWidth,
        channels: image.channels,
        bgr,
        data,
      };
      // Moved, not copied: the buffer is the main thread's until it hands it back.
      parentPort.postMessage(frame, [data.buffer]);
    }
  } catch (err) {
    parentPort.postMessage({ t: 'error', n: msg.n, message: String(err && err.message ? err.message : err) });
  }
});

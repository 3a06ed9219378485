import { connect, type Socket } from 'node:net';

/**
 * A tiny X client for the screen benchmark and the remote-control tests, speaking the X11 wire protocol over the display's
 * local socket (no Xlib, no helper program): it fills rectangles on the root window and waits for
 * the server to have done it (a GetInputFocus round trip), so the moment a change is on the screen
 * is stamped in this process's own clock. Only what those need: one GC, its foreground,
 * PolyFillRectangle, and QueryPointer. Xvfb started without `-auth` accepts local clients without a cookie.
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Painter {
  width: number;
  height: number;
  /** Fills `rects` with colour 0xRRGGBB (TrueColor), then waits until the server has drawn them. */
  fill(rgb: number, rects: readonly Rect[]): Promise<void>;
  /** Where the pointer is on the root window (QueryPointer), for tests of remote control. */
  pointer(): Promise<{ x: number; y: number }>;
  close(): void;
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;

export async function openPainter(display: string): Promise<Painter> {
  const m = /^:(\d+)/.exec(display);
  if (!m) throw new Error(`cannot paint on display ${display}: only local displays (:N) are supported`);
  const socket: Socket = connect(`/tmp/.X11-unix/X${m[1]}`);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.setNoDelay(true);

  let inbox = Buffer.alloc(0);
  let setup: ((b: Buffer) => void) | null = null;
  const replies: Array<(reply: Buffer) => void> = [];
  let failure: Error | null = null;
  socket.on('data', (chunk: Buffer) => {
    inbox = Buffer.concat([inbox, chunk]);
    for (;;) {
      if (setup) {
        if (inbox.length < 8) return;
        const total = 8 + inbox.readUInt16LE(6) * 4;
        if (inbox.length < total) return;
        const done = setup;
        setup = null;
        done(inbox.subarray(0, total));
        inbox = inbox.subarray(total);
        continue;
      }
      if (inbox.length < 32) return;
      const kind = inbox[0]!;
      const total = kind === 1 ? 32 + inbox.readUInt32LE(4) * 4 : 32;
      if (inbox.length < total) return;
      if (kind === 0) failure = new Error(`X error ${inbox[1]} on request opcode ${inbox[10]}`);
      else if (kind === 1) replies.shift()?.(inbox.subarray(0, total));
      inbox = inbox.subarray(total);
    }
  });

  // Connection setup: little-endian, protocol 11.0, no authorization.
  const hello = Buffer.alloc(12);
  hello.write('l', 0, 'latin1');
  hello.writeUInt16LE(11, 2);
  socket.write(hello);
  const reply = await new Promise<Buffer>((resolve) => (setup = resolve));
  if (reply[0] !== 1) throw new Error(`X server refused the connection: ${reply.subarray(8, 8 + reply[1]!).toString('latin1')}`);
  const idBase = reply.readUInt32LE(12);
  const vendorLength = reply.readUInt16LE(24);
  const formats = reply[29]!;
  const screenAt = 40 + vendorLength + pad4(vendorLength) + formats * 8;
  const root = reply.readUInt32LE(screenAt);
  const width = reply.readUInt16LE(screenAt + 20);
  const height = reply.readUInt16LE(screenAt + 22);

  const gc = idBase + 1;
  const request = (opcode: number, body: Buffer, data = 0) => {
    const head = Buffer.alloc(4);
    head[0] = opcode;
    head[1] = data;
    head.writeUInt16LE((4 + body.length) / 4, 2);
    socket.write(Buffer.concat([head, body]));
  };
  const words = (...xs: number[]) => {
    const b = Buffer.alloc(xs.length * 4);
    xs.forEach((x, i) => b.writeUInt32LE(x >>> 0, i * 4));
    return b;
  };
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      replies.push(() => (failure ? reject(failure) : resolve()));
      request(43, Buffer.alloc(0)); // GetInputFocus: any reply means every earlier request is done.
    });

  request(55, words(gc, root, 0x4, 0)); // CreateGC with foreground 0
  await sync();

  return {
    width,
    height,
    async fill(rgb, rects) {
      request(56, words(gc, 0x4, rgb)); // ChangeGC foreground
      for (let i = 0; i < rects.length; i += 4000) {
        const part = rects.slice(i, i + 4000);
        const body = Buffer.alloc(8 + part.length * 8);
        body.writeUInt32LE(root, 0);
        body.writeUInt32LE(gc, 4);
        part.forEach((r, k) => {
          body.writeInt16LE(r.x, 8 + k * 8);
          body.writeInt16LE(r.y, 10 + k * 8);
          body.writeUInt16LE(r.w, 12 + k * 8);
          body.writeUInt16LE(r.h, 14 + k * 8);
        });
        request(70, body); // PolyFillRectangle
      }
      await sync();
    },
    pointer: () =>
      new Promise((resolve, reject) => {
        replies.push((r) => (failure ? reject(failure) : resolve({ x: r.readInt16LE(16), y: r.readInt16LE(18) })));
        request(38, words(root)); // QueryPointer
      }),
    close: () => socket.destroy(),
  };
}

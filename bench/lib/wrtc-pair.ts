import { createHash } from 'node:crypto';
import wrtc, { type RTCDataChannel, type RTCPeerConnection } from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';

/**
 * The floor under Tandem's remote session: two simple-peer instances over @roamhq/wrtc in this
 * process, signalled directly (no server), with one extra *negotiated* data channel created on the
 * underlying RTCPeerConnection before the first offer, as RemotePeer does for its channels. What
 * rides on it is raw: no JSON, no schema check, no outbox.
 */
export interface BarePair {
  a: RTCDataChannel;
  b: RTCDataChannel;
  /** The receiving side's RTCPeerConnection (for getStats). */
  pcB: RTCPeerConnection;
  close(): void;
}

type PeerWithPc = SimplePeer.Instance & { _pc: RTCPeerConnection };

export async function connectBarePair(channelId = 20): Promise<BarePair> {
  const a = new SimplePeer({ initiator: true, wrtc, trickle: true, config: { iceServers: [] } }) as PeerWithPc;
  const b = new SimplePeer({ initiator: false, wrtc, trickle: true, config: { iceServers: [] } }) as PeerWithPc;
  const close = () => {
    a.destroy();
    b.destroy();
  };
  try {
    const chA = a._pc.createDataChannel('bench-floor', { negotiated: true, id: channelId, ordered: true });
    const chB = b._pc.createDataChannel('bench-floor', { negotiated: true, id: channelId, ordered: true });
    chA.binaryType = chB.binaryType = 'arraybuffer';
    a.on('signal', (s) => b.signal(s));
    b.on('signal', (s) => a.signal(s));
    const open = (ch: RTCDataChannel) => new Promise<void>((resolve) => (ch.readyState === 'open' ? resolve() : ch.addEventListener('open', () => resolve(), { once: true })));
    await withTimeout(Promise.all([open(chA), open(chB)]), 15_000, 'the bare data channel did not open');
    return { a: chA, b: chB, pcB: b._pc, close };
  } catch (err) {
    close();
    throw err;
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Round trips of a one-character text message echoed by the other side (milliseconds each). */
export async function pingSamples(pair: BarePair, n: number): Promise<number[]> {
  pair.b.onmessage = (ev: MessageEvent) => pair.b.send(ev.data as string);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await withTimeout(
      new Promise<void>((resolve) => {
        pair.a.onmessage = () => resolve();
        pair.a.send('a');
      }),
      5000,
      'no pong',
    );
    out.push(performance.now() - start);
  }
  pair.a.onmessage = pair.b.onmessage = null;
  return out;
}

/**
 * Sends `data` from a to b in `chunk`-byte messages, holding back while the channel's buffer is
 * above 1 MiB until it is under 256 KiB (the marks of RemotePeer's outbox); b hashes as it receives. Answers
 * the seconds from the first send to b's last byte, and whether b's SHA-256 matched.
 */
export async function rawTransfer(pair: BarePair, data: Uint8Array, chunk = 16 * 1024): Promise<{ seconds: number; verified: boolean }> {
  const expected = createHash('sha256').update(data).digest('hex');
  const hash = createHash('sha256');
  let received = 0;
  const done = new Promise<void>((resolve) => {
    pair.b.onmessage = (ev: MessageEvent) => {
      const bytes = new Uint8Array(ev.data as ArrayBuffer);
      hash.update(bytes);
      received += bytes.byteLength;
      if (received >= data.byteLength) resolve();
    };
  });
  const high = 1024 * 1024;
  const low = 256 * 1024;
  const start = performance.now();
  for (let offset = 0; offset < data.byteLength; offset += chunk) {
    // @roamhq/wrtc 0.10 never fires `bufferedamountlow` (seen here: neither the property nor a
    // listener), so the floor polls the buffer every millisecond until it is under the low mark.
    if (pair.a.bufferedAmount > high) while (pair.a.bufferedAmount > low) await new Promise((r) => setTimeout(r, 1));
    pair.a.send(data.subarray(offset, Math.min(data.byteLength, offset + chunk)));
  }
  await withTimeout(done, 120_000, 'the raw transfer did not finish');
  const seconds = (performance.now() - start) / 1000;
  pair.b.onmessage = null;
  return { seconds, verified: hash.digest('hex') === expected };
}
